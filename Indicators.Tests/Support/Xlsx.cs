using System.IO.Compression;
using System.Security;
using System.Text;

namespace Indicators.Tests.Support;

/// <summary>
/// Hand-made xlsx packages for the tests, written part by part with <see cref="ZipArchive"/> and independent of the
/// service's own reader and writer, so that a test can make any file a spreadsheet program (or an attacker) could:
/// shared or inline strings, numbers as Excel stores them, formulas, date and percent styles, extra parts (macros,
/// external links), and parts whose declared sizes lie.
/// </summary>
/// <remarks>
/// A cell is written from a string: plain text is a string cell; <c>#n:1235.5999999999999</c> a number stored as that
/// text; <c>#f:SUM(D2:D3)|5</c> a formula with its cached value; <c>#d:43831</c> a number in a date style (numFmt 14);
/// <c>#p:0.4418</c> a number in a percent style (numFmt 10); <c>#b:1</c> a TRUE/FALSE cell; <c>#e:#N/A</c> an error cell;
/// <c>null</c> or "" no cell.
/// </remarks>
public static class Xlsx
{
    public sealed record Options
    {
        /// <summary>Text in a shared-string table (as Excel writes it) rather than inline.</summary>
        public bool SharedStrings { get; init; } = true;

        /// <summary>More parts: name → content (and, if the name is in the workbook's relationships, its type).</summary>
        public IReadOnlyDictionary<string, byte[]> ExtraParts { get; init; } = new Dictionary<string, byte[]>();

        /// <summary>Extra relationships of the workbook: (type URI, target).</summary>
        public IReadOnlyList<(string Type, string Target)> WorkbookRelationships { get; init; } = [];

        /// <summary>Extra content-type overrides: (part name, content type).</summary>
        public IReadOnlyList<(string Part, string ContentType)> ContentTypes { get; init; } = [];

        /// <summary>The workbook's main content type (macro-enabled: application/vnd.ms-excel.sheet.macroEnabled.main+xml).</summary>
        public string WorkbookContentType { get; init; } = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

        /// <summary>Bytes of white space written into the sheet after its rows (a zip bomb compresses them to almost nothing).</summary>
        public long Padding { get; init; }

        /// <summary>Extra shared strings (a huge table), not used by any cell.</summary>
        public int ExtraSharedStrings { get; init; }

        /// <summary>Row numbers to write (default 1, 2, 3…): to leave gaps.</summary>
        public IReadOnlyList<int>? RowNumbers { get; init; }
    }

    public static byte[] Build(IEnumerable<string?[]> rows, Options? options = null)
    {
        options ??= new Options();
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal);
            using (var w = new StreamWriter(sheet.Open(), new UTF8Encoding(false)))
            {
                w.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
                var r = 0;
                foreach (var row in rows)
                {
                    var number = options.RowNumbers is { } numbers ? numbers[r] : r + 1;
                    r++;
                    w.Write($"""<row r="{number}">""");
                    for (var c = 0; c < row.Length; c++)
                    {
                        if (!string.IsNullOrEmpty(row[c]))
                        {
                            w.Write(Cell(Column(c) + number, row[c]!, options.SharedStrings, strings, index));
                        }
                    }
                    w.Write("</row>");
                }
                var pad = new string(' ', 1 << 20);
                for (var left = options.Padding; left > 0; left -= pad.Length)
                {
                    w.Write(left >= pad.Length ? pad : pad[..(int)left]);
                }
                w.Write("</sheetData></worksheet>");
            }
            for (var i = 0; i < options.ExtraSharedStrings; i++)
            {
                strings.Add("s" + i);
            }
            var hasStrings = strings.Count > 0;
            Add(zip, "[Content_Types].xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">""" +
                """<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>""" +
                $"""<Override PartName="/xl/workbook.xml" ContentType="{options.WorkbookContentType}"/>""" +
                """<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""" +
                """<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""" +
                (hasStrings ? """<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>""" : "") +
                string.Concat(options.ContentTypes.Select(t => $"""<Override PartName="{t.Part}" ContentType="{t.ContentType}"/>""")) +
                "</Types>");
            Add(zip, "_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add(zip, "xl/workbook.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add(zip, "xl/_rels/workbook.xml.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""" +
                """<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>""" +
                """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""" +
                (hasStrings ? """<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""" : "") +
                string.Concat(options.WorkbookRelationships.Select((x, i) => $"""<Relationship Id="rIdX{i}" Type="{x.Type}" Target="{x.Target}"/>""")) +
                "</Relationships>");
            // Styles: 0 general, 1 a date (numFmt 14, d/m/yyyy), 2 a percentage (numFmt 10, 0.00%).
            Add(zip, "xl/styles.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>""" +
                """<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/></cellXfs></styleSheet>""");
            if (hasStrings)
            {
                var sst = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal);
                using var w = new StreamWriter(sst.Open(), new UTF8Encoding(false));
                w.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{strings.Count}" uniqueCount="{strings.Count}">""");
                foreach (var s in strings)
                {
                    w.Write($"""<si><t xml:space="preserve">{SecurityElement.Escape(s)}</t></si>""");
                }
                w.Write("</sst>");
            }
            foreach (var (name, content) in options.ExtraParts)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(content);
            }
        }
        return stream.ToArray();
    }

    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    private static string Cell(string reference, string spec, bool shared, List<string> strings, Dictionary<string, int> index)
    {
        if (spec.Length > 3 && spec[0] == '#' && spec[2] == ':')
        {
            var body = spec[3..];
            switch (spec[1])
            {
                case 'n': return $"""<c r="{reference}"><v>{body}</v></c>""";
                case 'd': return $"""<c r="{reference}" s="1"><v>{body}</v></c>""";
                case 'p': return $"""<c r="{reference}" s="2"><v>{body}</v></c>""";
                case 'b': return $"""<c r="{reference}" t="b"><v>{body}</v></c>""";
                case 'e': return $"""<c r="{reference}" t="e"><v>{SecurityElement.Escape(body)}</v></c>""";
                case 'f':
                    var parts = body.Split('|');
                    return $"""<c r="{reference}"><f>{SecurityElement.Escape(parts[0])}</f><v>{(parts.Length > 1 ? parts[1] : "0")}</v></c>""";
            }
        }
        if (!shared)
        {
            return $"""<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{SecurityElement.Escape(spec)}</t></is></c>""";
        }
        if (!index.TryGetValue(spec, out var i))
        {
            i = strings.Count;
            strings.Add(spec);
            index[spec] = i;
        }
        return $"""<c r="{reference}" t="s"><v>{i}</v></c>""";
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        w.Write(text);
    }

    /// <summary>
    /// The package with every part's declared uncompressed size (local header and central directory) set to
    /// <paramref name="declared"/>: a central directory that lies about what a part expands to.
    /// </summary>
    public static byte[] LyingSizes(byte[] package, uint declared)
    {
        var b = (byte[])package.Clone();
        for (var i = 0; i + 30 < b.Length; i++)
        {
            if (b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 3 && b[i + 3] == 4 && BitConverter.ToUInt32(b, i + 22) > declared)
            {
                BitConverter.TryWriteBytes(b.AsSpan(i + 22, 4), declared);
            }
            if (b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 1 && b[i + 3] == 2 && BitConverter.ToUInt32(b, i + 24) > declared)
            {
                BitConverter.TryWriteBytes(b.AsSpan(i + 24, 4), declared);
            }
        }
        return b;
    }

    /// <summary>A header row and data rows as a CSV text with CRLF line ends, quoting as RFC 4180 asks.</summary>
    public static string Csv(char delimiter, params string?[][] rows) =>
        string.Concat(rows.Select(r => string.Join(delimiter, r.Select(f => f is null ? "" :
            f.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + f.Replace("\"", "\"\"") + "\"" : f)) + "\r\n"));
}
