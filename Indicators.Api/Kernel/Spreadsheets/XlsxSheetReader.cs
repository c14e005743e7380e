using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Indicators.Api.Kernel.Spreadsheets;

/// <summary>
/// The first worksheet of an xlsx body as a <see cref="SheetContent"/> (SPEC "Spreadsheets"), read without trusting the file:
/// <list type="number">
/// <item>before anything is expanded, the zip's central directory: the parts' declared sizes together at most 64 MiB
/// (else 413), at most <see cref="SheetLimits.MaxParts"/> parts, no macros (<c>vbaProject.bin</c>), no external links
/// or data connections (else 400); a body that is not a zip (truncated, a CSV, an encrypted or old .xls workbook) is
/// 400;</item>
/// <item>while reading, every part through the Open XML SDK with <c>MaxCharactersInPart</c> at the same 64 MiB, so a
/// central directory that understates a part cannot make the reader expand more (.NET's zip reader also stops a part
/// at its declared size, which then fails as truncated XML);</item>
/// <item>the sheet, the shared strings and the styles streamed with .NET's <see cref="XmlReader"/> over the SDK's part
/// streams (no DTD, at most 64 MiB of characters a part): memory holds the shared strings (at most
/// <see cref="SheetLimits.MaxSharedStrings"/> of them) and the wanted cells of at most 10,000 rows, never a DOM.</item>
/// </list>
/// Cells: a number is read at 15 significant digits, as Excel shows it (a cell stored as <c>1235.5999999999999</c> is
/// <c>1235.6</c>); a formula, a date- or percent-formatted number, a TRUE/FALSE or an error cell is kept with its kind so
/// that the caller can refuse it by name.
/// </summary>
/// <remarks>
/// DocumentFormat.OpenXml 3.3 rather than MiniExcel 1.46: it opens and checks the package (content types,
/// relationships, the workbook's kind) and shows what must be refused, where MiniExcel returns a formula's cached value
/// as if typed and expands a 200 MiB part without limit. The parts themselves are read with XmlReader rather than the
/// SDK's OpenXmlReader: on a 10,000-row sheet 94 ms and 1.9 MiB allocated against 538 ms and 25 MiB (README
/// "Submitting a spreadsheet" has the measurements).
/// </remarks>
internal static class XlsxSheetReader
{
    private const string NotAPackage =
        "The body is not a valid xlsx workbook (an Office Open XML package)";

    public static SheetContent Read(byte[] body, IReadOnlyList<string> wanted)
    {
        if (body.Length == 0)
        {
            throw SheetRefusedException.Invalid("The body is empty: send the .xlsx file's bytes (curl --data-binary @file.xlsx).");
        }
        if (body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            throw SheetRefusedException.Invalid(
                "The body is an encrypted (password-protected) workbook or an old .xls file, which is not read. Remove the password or save it as an Excel Workbook (.xlsx).");
        }
        if (!body.AsSpan().StartsWith("PK"u8))
        {
            throw SheetRefusedException.Invalid($"{NotAPackage}: an xlsx file is a zip archive. A CSV is sent with Content-Type: text/csv.");
        }
        using var stream = new MemoryStream(body, writable: false);
        Inspect(stream);
        stream.Position = 0;
        try
        {
            using var document = SpreadsheetDocument.Open(stream, isEditable: false, new OpenSettings
            {
                AutoSave = false,
                MaxCharactersInPart = SheetLimits.MaxExpandedBytes,
            });
            if (document.DocumentType is SpreadsheetDocumentType.MacroEnabledWorkbook or SpreadsheetDocumentType.MacroEnabledTemplate
                or SpreadsheetDocumentType.AddIn)
            {
                throw Macros();
            }
            var workbook = document.WorkbookPart ?? throw SheetRefusedException.Invalid($"{NotAPackage}: it has no workbook part.");
            if (workbook.VbaProjectPart is not null)
            {
                throw Macros();
            }
            if (workbook.ExternalWorkbookParts.Any())
            {
                throw ExternalLinks();
            }
            var sheet = FirstSheet(workbook);
            var styles = CellStyles.Read(workbook.WorkbookStylesPart);
            var shared = ReadSharedStrings(workbook.SharedStringTablePart);
            return ReadRows(sheet, shared, styles, wanted);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or XmlException or IOException or FormatException
                                       or OverflowException or InvalidOperationException or NotSupportedException or ArgumentException
                                       or KeyNotFoundException or UriFormatException)
        {
            // The SDK's and the zip reader's own words name internals; the sender needs to know only that the file is broken.
            throw SheetRefusedException.Invalid($"{NotAPackage}: it is damaged or truncated. Open it in a spreadsheet program, save it as an Excel Workbook (.xlsx) and send it again.");
        }
    }

    /// <summary>The zip's central directory, before a byte is expanded: sizes, part count, macros, external links.</summary>
    private static void Inspect(Stream stream)
    {
        ZipArchive zip;
        IReadOnlyList<ZipArchiveEntry> entries;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            entries = zip.Entries;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            // InvalidDataException is the zip reader's word for a damaged directory; the others have escaped it on crafted
            // directories (dotnet/runtime#131228: ArgumentOutOfRangeException from a seek while reading the entries).
            throw SheetRefusedException.Invalid($"{NotAPackage}: its zip directory is missing or damaged (a truncated upload?). Send the whole file again.");
        }
        using (zip)
        {
            if (entries.Count > SheetLimits.MaxParts)
            {
                throw SheetRefusedException.Invalid($"{NotAPackage}: it has {entries.Count:N0} parts; a workbook has a few dozen at most.");
            }
            long total = 0;
            foreach (var entry in entries)
            {
                total += Math.Max(0, entry.Length);
                var name = entry.FullName;
                if (name.Length == 0 || name[0] is '/' or '\\' || name.Contains('\\') || name.Contains(':')
                    || name.Split('/').Any(segment => segment is "." or ".."))
                {
                    throw SheetRefusedException.Invalid($"{NotAPackage}: a part name points outside the package ({Domain.Echo.Quote(name)}).");
                }
                if (name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || name.EndsWith("vbaProjectSignature.bin", StringComparison.OrdinalIgnoreCase))
                {
                    throw Macros();
                }
                if (name.StartsWith("xl/externalLinks/", StringComparison.OrdinalIgnoreCase))
                {
                    throw ExternalLinks();
                }
                if (name.Equals("xl/connections.xml", StringComparison.OrdinalIgnoreCase))
                {
                    throw SheetRefusedException.Invalid(
                        "The workbook has external data connections, which are not read. Copy the sheet's values into a new workbook and send that.");
                }
            }
            if (total > SheetLimits.MaxExpandedBytes)
            {
                throw SheetRefusedException.TooLarge(string.Create(CultureInfo.InvariantCulture,
                    $"The xlsx would expand to {total / 1024.0 / 1024.0:N1} MiB; this service expands at most {SheetLimits.MaxExpandedBytes / 1024 / 1024} MiB (a sheet of 10,000 rows needs about 2). Nothing was expanded or stored."));
            }
        }
    }

    private static SheetRefusedException Macros() => SheetRefusedException.Invalid(
        "The workbook holds macros (VBA), which are not accepted. Save it as an Excel Workbook (.xlsx) without macros and send it again.");

    private static SheetRefusedException ExternalLinks() => SheetRefusedException.Invalid(
        "The workbook has links to other workbooks (external links), which are not followed. Replace the links by their values (Data → Edit Links → Break Link) and send it again.");

    /// <summary>
    /// How every part is read: no DTD (so no external or expanding entities, XXE), no resolver, at most 64 MiB of
    /// characters whatever the zip says.
    /// </summary>
    internal static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = SheetLimits.MaxExpandedBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    internal static XmlReader Open(OpenXmlPart part) => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), Xml);

    /// <summary>The first sheet in the workbook's order (SPEC: the first worksheet).</summary>
    private static WorksheetPart FirstSheet(WorkbookPart workbook)
    {
        string? id = null;
        using (var x = Open(workbook))
        {
            while (x.Read())
            {
                if (x is { NodeType: XmlNodeType.Element, LocalName: "sheet" })
                {
                    // r:id, in the transitional or the strict relationships namespace.
                    while (x.MoveToNextAttribute())
                    {
                        if (x.LocalName == "id" && x.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal))
                        {
                            id = x.Value;
                        }
                    }
                    break;
                }
            }
        }
        if (string.IsNullOrEmpty(id))
        {
            throw SheetRefusedException.Invalid($"{NotAPackage}: the workbook has no sheet.");
        }
        return workbook.GetPartById(id) as WorksheetPart
               ?? throw SheetRefusedException.Invalid("The workbook's first sheet is not a worksheet (a chart?): put the figures on the first sheet.");
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }
        long chars = 0;
        using var x = Open(part);
        var more = x.Read();
        while (more)
        {
            if (x is { NodeType: XmlNodeType.Element, LocalName: "si" })
            {
                var text = ReadText(x);
                chars += text.Length;
                strings.Add(text);
                if (strings.Count > SheetLimits.MaxSharedStrings || chars > SheetLimits.MaxSharedStringChars)
                {
                    throw SheetRefusedException.Invalid(string.Create(CultureInfo.InvariantCulture,
                        $"The workbook's shared-string table is too large (more than {SheetLimits.MaxSharedStrings:N0} strings or {SheetLimits.MaxSharedStringChars / 1024 / 1024} Mi characters); a batch of 10,000 rows needs far fewer. Copy the figures into a new workbook and send that."));
                }
            }
            more = x.Read();
        }
        return strings;
    }

    /// <summary>
    /// The text of the element the reader is on (a shared string <c>si</c> or an inline string <c>is</c>): its <c>t</c>,
    /// or its runs' <c>t</c>s, without phonetic guides (<c>rPh</c>). Leaves the reader on the element's end.
    /// </summary>
    private static string ReadText(XmlReader x)
    {
        if (x.IsEmptyElement)
        {
            return "";
        }
        var depth = x.Depth;
        string? single = null;
        System.Text.StringBuilder? many = null;
        var more = x.Read();
        while (more && !(x.NodeType == XmlNodeType.EndElement && x.Depth == depth))
        {
            if (x is { NodeType: XmlNodeType.Element, LocalName: "rPh" })
            {
                x.Skip();
                more = !x.EOF;
                continue;
            }
            if (x is { NodeType: XmlNodeType.Element, LocalName: "t" })
            {
                var t = x.ReadElementContentAsString();
                if (single is null && many is null)
                {
                    single = t;
                }
                else
                {
                    (many ??= new System.Text.StringBuilder(single)).Append(t);
                }
                more = !x.EOF;
                continue;
            }
            more = x.Read();
        }
        return many?.ToString() ?? single ?? "";
    }

    private static SheetContent ReadRows(WorksheetPart part, List<string> shared, CellStyles styles, IReadOnlyList<string> wanted)
    {
        var rows = new List<SheetRow>();
        var header = new List<string?>();
        Dictionary<string, int>? columns = null;
        var wantedAt = new Dictionary<int, int>();
        var rowNumber = 0;
        var open = false;
        var column = -1;
        SheetCell?[] cells = [];

        void Finish()
        {
            if (!open)
            {
                return;
            }
            open = false;
            if (rowNumber == 1)
            {
                columns = SheetHeader.Map(header, wanted);
                foreach (var (name, index) in columns)
                {
                    wantedAt[index] = IndexOf(wanted, name);
                }
                return;
            }
            if (cells.All(c => c is null || c.Value.IsBlank))
            {
                return;
            }
            if (rows.Count == SheetLimits.MaxDataRows)
            {
                throw SheetRefusedException.Invalid(
                    $"The sheet has more than {SheetLimits.MaxDataRows:N0} data rows (row {rowNumber} is the {SheetLimits.MaxDataRows + 1:N0}th); a batch holds at most {SheetLimits.MaxDataRows:N0}. Split it into several files.",
                    "rows");
            }
            rows.Add(new SheetRow(rowNumber, cells));
        }

        using var x = Open(part);
        while (x.Read())
        {
            if (x.LocalName == "row" && x.NodeType == XmlNodeType.EndElement)
            {
                Finish();
            }
            else if (x is { NodeType: XmlNodeType.Element, LocalName: "row" })
            {
                Finish();
                var declared = x.GetAttribute("r");
                var next = declared is null ? rowNumber + 1
                    : int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                if (next <= rowNumber || next > 1_048_576)
                {
                    throw SheetRefusedException.Invalid($"{NotAPackage}: its rows are out of order or misnumbered after row {rowNumber}.");
                }
                if (rowNumber == 0 && next != 1)
                {
                    throw SheetRefusedException.Invalid(
                        "Row 1 of the first sheet is empty: it must hold the column names indicator, orgUnit, period, value, status (and note).", "rows[1]");
                }
                rowNumber = next;
                open = true;
                column = -1;
                cells = new SheetCell?[wanted.Count];
                if (x.IsEmptyElement)
                {
                    Finish();
                }
            }
            else if (x is { NodeType: XmlNodeType.Element, LocalName: "c" } && open)
            {
                var reference = x.GetAttribute("r");
                var at = column + 1;
                if (reference is not null && (!CellNames.TryParse(reference, out at, out var row) || row != rowNumber))
                {
                    throw SheetRefusedException.Invalid($"{NotAPackage}: a cell of row {rowNumber} has the reference {Domain.Echo.Quote(reference)}.");
                }
                if (at <= column || at >= SheetLimits.MaxColumns)
                {
                    throw SheetRefusedException.Invalid($"{NotAPackage}: the cells of row {rowNumber} are out of order.");
                }
                column = at;
                if (rowNumber == 1)
                {
                    var cell = ReadCell(x, shared, styles);
                    while (header.Count < at)
                    {
                        header.Add(null);
                    }
                    header.Add(cell?.Text);
                }
                else if (wantedAt.TryGetValue(at, out var position))
                {
                    cells[position] = ReadCell(x, shared, styles);
                }
            }
        }
        Finish();
        if (columns is null)
        {
            throw SheetRefusedException.Invalid(
                "The first sheet is empty: row 1 must hold the column names indicator, orgUnit, period, value, status (and note).", "rows[1]");
        }
        return new SheetContent(SheetFormat.Xlsx, columns, rows, decimalComma: false);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The cell the reader is on (<c>c</c>), as the sheet holds it (null for an empty one); leaves the reader on
    /// the cell's end.</summary>
    private static SheetCell? ReadCell(XmlReader x, List<string> shared, CellStyles styles)
    {
        var reference = x.GetAttribute("r");
        var type = x.GetAttribute("t");
        var style = uint.TryParse(x.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (uint?)null;
        string? stored = null;
        string? inline = null;
        var formula = false;
        if (!x.IsEmptyElement)
        {
            var depth = x.Depth;
            var more = x.Read();
            while (more && !(x.NodeType == XmlNodeType.EndElement && x.Depth == depth))
            {
                if (x.NodeType == XmlNodeType.Element && x.Depth == depth + 1)
                {
                    switch (x.LocalName)
                    {
                        case "f":
                            formula = true;
                            break;
                        case "v":
                            stored = x.ReadElementContentAsString();
                            more = !x.EOF;
                            continue;
                        case "is":
                            inline = ReadText(x);
                            break;
                    }
                }
                more = x.Read();
            }
        }
        if (formula)
        {
            return new SheetCell(CellKind.Formula, "");
        }
        switch (type)
        {
            case "inlineStr":
                return inline is null ? null : new SheetCell(CellKind.Text, inline);
            case "s":
                if (string.IsNullOrEmpty(stored))
                {
                    return null;
                }
                if (!int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= shared.Count)
                {
                    throw SheetRefusedException.Invalid($"{NotAPackage}: cell {Domain.Echo.Quote(reference)} refers to a shared string that does not exist.");
                }
                return new SheetCell(CellKind.Text, shared[index]);
            case "str":
                return stored is null ? null : new SheetCell(CellKind.Text, stored);
            case "b":
                return stored is null ? null : new SheetCell(CellKind.Boolean, stored == "1" ? "TRUE" : "FALSE");
            case "e":
                return stored is null ? null : new SheetCell(CellKind.Error, stored);
            case "d":
                return stored is null ? null : new SheetCell(CellKind.Date, stored);
        }
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }
        // A number (t="n" or none): what its style makes of it.
        var kind = styles.KindOf(style);
        if (kind == CellKind.Date && double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > -657435 and < 2958466)
        {
            var date = DateTime.FromOADate(serial);
            return new SheetCell(CellKind.Date, date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        if (!SheetNumbers.TryReadStoredDouble(stored, out var number))
        {
            return new SheetCell(CellKind.Text, stored);
        }
        var text = number.ToString(CultureInfo.InvariantCulture);
        return kind == CellKind.Percent ? new SheetCell(CellKind.Percent, text) : new SheetCell(CellKind.Number, text, number);
    }
}

/// <summary>
/// The number formats of a workbook's cell styles, as far as reading figures needs them: which styles make a number a
/// date or time, and which a percentage (built-in formats 14–22, 27–36, 45–47, 50–58 and 9–10; custom ones by their
/// format code's date, time and % tokens outside quoted text).
/// </summary>
internal sealed class CellStyles
{
    private const int MaxStyles = 64_000;
    private readonly List<CellKind> kinds = [];

    public CellKind KindOf(uint? styleIndex) =>
        styleIndex is { } s && s < kinds.Count ? kinds[(int)s] : CellKind.Number;

    public static CellStyles Read(WorkbookStylesPart? part)
    {
        var styles = new CellStyles();
        if (part is null)
        {
            return styles;
        }
        var custom = new Dictionary<uint, CellKind>();
        var formatIds = new List<uint>();
        var inCellFormats = false;
        using (var x = XlsxSheetReader.Open(part))
        {
            while (x.Read())
            {
                if (x.NodeType == XmlNodeType.EndElement && x.LocalName == "cellXfs")
                {
                    inCellFormats = false;
                }
                if (x.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                switch (x.LocalName)
                {
                    case "numFmt" when uint.TryParse(x.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                        custom[n] = KindOfFormat(x.GetAttribute("formatCode") ?? "");
                        break;
                    case "cellXfs":
                        inCellFormats = !x.IsEmptyElement;
                        break;
                    case "xf" when inCellFormats:
                        formatIds.Add(uint.TryParse(x.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0);
                        if (formatIds.Count > MaxStyles)
                        {
                            throw SheetRefusedException.Invalid("The workbook has more than 64,000 cell styles. Copy the figures into a new workbook and send that.");
                        }
                        break;
                }
            }
        }
        foreach (var id in formatIds)
        {
            styles.kinds.Add(custom.TryGetValue(id, out var kind) ? kind : BuiltIn(id));
        }
        return styles;
    }

    private static CellKind BuiltIn(uint id) => id switch
    {
        9 or 10 => CellKind.Percent,
        >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 => CellKind.Date,
        _ => CellKind.Number,
    };

    /// <summary>A custom format code's kind: date/time tokens (y m d h s) or a % outside quoted text, escapes and
    /// bracketed colours or conditions (an elapsed-time bracket such as [h] is a time).</summary>
    public static CellKind KindOfFormat(string code)
    {
        var section = code.Split(';')[0];
        var plain = new System.Text.StringBuilder();
        for (var i = 0; i < section.Length; i++)
        {
            var ch = section[i];
            if (ch == '"')
            {
                var end = section.IndexOf('"', i + 1);
                i = end < 0 ? section.Length : end;
            }
            else if (ch is '\\' or '_' or '*')
            {
                i++;
            }
            else if (ch == '[')
            {
                var end = section.IndexOf(']', i + 1);
                var inside = end < 0 ? "" : section[(i + 1)..end];
                if (inside.Length > 0 && inside.All(c => c is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                {
                    plain.Append('h');
                }
                i = end < 0 ? section.Length : end;
            }
            else
            {
                plain.Append(char.ToLowerInvariant(ch));
            }
        }
        var text = plain.ToString();
        if (text.IndexOfAny(['y', 'm', 'd', 'h', 's']) >= 0)
        {
            return CellKind.Date;
        }
        return text.Contains('%') ? CellKind.Percent : CellKind.Number;
    }
}
