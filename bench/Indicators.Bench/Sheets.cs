using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Indicators.Bench;

/// <summary>
/// The spreadsheets of the upload scenarios (i: CSV, j: xlsx): 10,000 rows each, one value for every (indicator,
/// child) pair of the dataset in 2014-M06, a month the dataset leaves empty. Two versions, A and B, hold different
/// values for the same keys, so that sending them in turn writes 10,000 revisions every time. The xlsx is written as
/// Excel writes one (shared strings, numbers as numeric cells), by hand, so the bench needs no spreadsheet library.
/// </summary>
public static class Sheets
{
    public const string Period = "2014-M06";

    private static IEnumerable<(string Indicator, string OrgUnit, int Value)> Rows(int version) =>
        Enumerable.Range(0, 10_000).Select(k => (Codes.Indicator(k % 100), Codes.Child(k / 100), 1 + (k + version) % 89));

    public static void Write(string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (var (version, name) in new[] { (0, "a"), (1, "b") })
        {
            var csv = new StringBuilder("indicator;orgUnit;period;value;status;note\r\n");
            foreach (var (indicator, unit, value) in Rows(version))
            {
                csv.Append(CultureInfo.InvariantCulture, $"{indicator};{unit};{Period};{value};estimate;bench {name}\r\n");
            }
            File.WriteAllText(Path.Combine(outDir, $"values-{name}.csv"), csv.ToString(), new UTF8Encoding(false));
            File.WriteAllBytes(Path.Combine(outDir, $"values-{name}.xlsx"), Xlsx(Rows(version), name));
        }
    }

    private static byte[] Xlsx(IEnumerable<(string Indicator, string OrgUnit, int Value)> rows, string name)
    {
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int S(string s)
        {
            if (!index.TryGetValue(s, out var i))
            {
                index[s] = i = strings.Count;
                strings.Add(s);
            }
            return i;
        }
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        void Row(int r, params object[] cells)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"""<row r="{r}">""");
            for (var c = 0; c < cells.Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r}";
                sheet.Append(cells[c] is int n
                    ? $"""<c r="{reference}"><v>{n.ToString(CultureInfo.InvariantCulture)}</v></c>"""
                    : $"""<c r="{reference}" t="s"><v>{S((string)cells[c])}</v></c>""");
            }
            sheet.Append("</row>");
        }
        Row(1, "indicator", "orgUnit", "period", "value", "status", "note");
        var r = 1;
        foreach (var (indicator, unit, value) in rows)
        {
            Row(++r, indicator, unit, Period, value, "estimate", "bench " + name);
        }
        sheet.Append("</sheetData></worksheet>");
        var sst = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{strings.Count}" uniqueCount="{strings.Count}">""");
        foreach (var s in strings)
        {
            sst.Append("<si><t>").Append(SecurityElement.Escape(s)).Append("</t></si>");
        }
        sst.Append("</sst>");

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string part, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(part, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            Add("xl/worksheets/sheet1.xml", sheet.ToString());
            Add("xl/sharedStrings.xml", sst.ToString());
        }
        return stream.ToArray();
    }
}
