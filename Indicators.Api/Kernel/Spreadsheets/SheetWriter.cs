using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Kernel.Spreadsheets;

/// <summary>A column of a sheet to write: its header name, its width in characters, and optionally the values a cell
/// may take, offered as a drop-down list (an xlsx data validation; the CSV has no such thing).</summary>
internal sealed record SheetColumn(string Name, double Width = 16, IReadOnlyList<string>? Choices = null);

/// <summary>A cell to write: text, a number (written exactly, as its decimal text) or nothing.</summary>
internal readonly record struct SheetValue(string? Text, decimal? Number)
{
    public static SheetValue Of(string? text) => new(text, null);

    public static SheetValue Of(decimal? number) => new(null, number);

    public static readonly SheetValue Empty = new(null, null);
}

/// <summary>
/// Writes a table — a header row, then rows — as xlsx or CSV, for answers meant to be opened in a spreadsheet and sent
/// back (the reporting-status template: SPEC "Spreadsheets"). The column names of <see cref="SubmissionColumns"/> make
/// a sheet that <c>POST /api/v1/submissions</c> reads as it is; other columns (names, units) are ignored on the way back.
/// </summary>
/// <remarks>
/// Text is written verbatim and kept text: in CSV through <see cref="Csv.Field"/>, which prefixes text starting with
/// =, +, -, @, tab, CR or LF with a single quote (OWASP "CSV Injection"); in xlsx as a string cell — a string cell is never
/// evaluated — with the quote-prefix style (what Excel itself stores when one types <c>'=…</c>), so that even editing
/// the cell keeps it text while the value read back is the stored text, unchanged. Numbers are number cells holding
/// the decimal's exact text. The xlsx is written part by part with the Open XML SDK's <see cref="OpenXmlWriter"/>
/// (SAX), so a sheet of any length costs the memory of its zip, not of a DOM.
/// </remarks>
internal static class SheetWriter
{
    public const string XlsxMediaType = SheetMediaTypes.Xlsx;

    private const uint HeaderStyle = 1;
    private const uint QuotePrefixStyle = 2;

    /// <summary>The sheet as a CSV answer (<see cref="Csv.Build"/>: UTF-8, CRLF, RFC 4180, neutralised text) with
    /// <c>Content-Disposition: attachment; filename="{fileName}.csv"</c>: a file to keep, fill in and send back.</summary>
    public static IResult CsvResult(IReadOnlyList<SheetColumn> columns, IEnumerable<IReadOnlyList<SheetValue>> rows, string fileName) =>
        new FileAnswer(
            Encoding.UTF8.GetBytes(Csv.Build(columns.Select(c => c.Name).ToList(), rows.Select(r => r.Select(v => v.Number is { } n ? Csv.Number(n) : v.Text).ToArray()))),
            "text/csv; charset=utf-8", fileName + ".csv");

    /// <summary>The sheet as an xlsx answer with <c>Content-Disposition: attachment; filename="{fileName}.xlsx"</c>.</summary>
    public static IResult XlsxResult(string sheetName, IReadOnlyList<SheetColumn> columns, IEnumerable<IReadOnlyList<SheetValue>> rows, string fileName) =>
        new FileAnswer(Xlsx(sheetName, columns, rows), XlsxMediaType, fileName + ".xlsx");

    /// <summary>The sheet as the bytes of an xlsx workbook of one worksheet.</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<SheetColumn> columns, IEnumerable<IReadOnlyList<SheetValue>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            // Relationship ids given, not generated: the SDK would make random ones (R1039375d…), and the same sheet
            // must be the same bytes (below).
            var workbook = document.AddNewPart<WorkbookPart>(WorkbookContentType, "rId1");
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = SafeSheetName(sheetName), SheetId = 1, Id = "rId1" }));
            var styles = workbook.AddNewPart<WorkbookStylesPart>("rId2");
            styles.Stylesheet = Styles();
            var sheet = workbook.AddNewPart<WorksheetPart>("rId1");
            WriteSheet(sheet, columns, rows);
        }
        // Every part stamped with one fixed time instead of the moment it was written, so that the same content is the
        // same bytes: the ETag of a GET is the hash of its body, and a template that has not changed must answer 304.
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.LastWriteTime = PartTime;
            }
        }
        return stream.ToArray();
    }

    private const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    /// <summary>The earliest time a zip entry can hold (what reproducible builds stamp); no spreadsheet program shows it.</summary>
    private static readonly DateTimeOffset PartTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void WriteSheet(WorksheetPart part, IReadOnlyList<SheetColumn> columns, IEnumerable<IReadOnlyList<SheetValue>> rows)
    {
        using var writer = OpenXmlWriter.Create(part, Encoding.UTF8);
        writer.WriteStartElement(new Worksheet());
        // The header row stays in view while scrolling.
        writer.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 }));
        var cols = new Columns();
        for (var i = 0; i < columns.Count; i++)
        {
            cols.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = columns[i].Width, CustomWidth = true });
        }
        writer.WriteElement(cols);
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, columns.Select(c => SheetValue.Of(c.Name)).ToList(), HeaderStyle);
        var n = 0;
        foreach (var row in rows)
        {
            n++;
            WriteRow(writer, n + 1, row, null);
        }
        writer.WriteEndElement();
        // After sheetData (the schema's order): a drop-down list for each column with choices, over the written rows.
        var validations = new DataValidations();
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Choices is not { Count: > 0 } choices)
            {
                continue;
            }
            validations.Append(new DataValidation
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorTitle = columns[i].Name,
                Error = string.Join(", ", choices),
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{CellNames.Column(i)}2:{CellNames.Column(i)}{Math.Max(2, n + 1)}" },
                Formula1 = new Formula1("\"" + string.Join(",", choices) + "\""),
            });
        }
        if (validations.HasChildren)
        {
            validations.Count = (uint)validations.ChildElements.Count;
            writer.WriteElement(validations);
        }
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, IReadOnlyList<SheetValue> values, uint? style)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        for (var i = 0; i < values.Count; i++)
        {
            var reference = CellNames.Cell(i, number);
            var value = values[i];
            if (value.Number is { } d && FitsANumberCell(d))
            {
                writer.WriteElement(new Cell { CellReference = reference, CellValue = new CellValue(d.ToString(CultureInfo.InvariantCulture)), StyleIndex = style });
            }
            else if ((value.Number is { } big ? big.ToString(CultureInfo.InvariantCulture) : value.Text) is { Length: > 0 } written)
            {
                var text = XmlSafe(written);
                var cell = new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.InlineString,
                    StyleIndex = style ?? (Csv.FormulaTriggers.Contains(text[0]) ? QuotePrefixStyle : null),
                };
                cell.Append(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                writer.WriteElement(cell);
            }
        }
        writer.WriteEndElement();
    }

    /// <summary>Characters XML cannot carry (control characters) written as Excel does, <c>_x0001_</c>.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r' || char.IsSurrogate(c)))
        {
            return text;
        }
        var b = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[++i]);
            }
            else if (c < ' ' && c is not '\t' and not '\n' and not '\r' || char.IsSurrogate(c))
            {
                b.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            }
            else
            {
                b.Append(c);
            }
        }
        return b.ToString();
    }

    /// <summary>Excel's rules for a sheet name: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SafeSheetName(string name)
    {
        var safe = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '-' : c).ToArray()).Trim('\'');
        return safe.Length == 0 ? "Sheet1" : safe[..Math.Min(31, safe.Length)];
    }

    /// <summary>Cell formats: 0 the default, 1 bold (the header), 2 quote-prefixed text.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { QuotePrefix = true }) { Count = 3 },
        // The built-in "Normal" cell style, as every spreadsheet program writes it (openpyxl warns of a workbook without it);
        // qualified: the sheet reader has a CellStyles of its own.
        new DocumentFormat.OpenXml.Spreadsheet.CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    /// <summary>
    /// A number cell is a binary double, exact to 15 significant digits — what Excel shows and what the sheet reader reads
    /// (<see cref="SheetNumbers"/>). A figure with more (99999999999999.9999 fits decimal(19,4)) is written as a text cell
    /// holding its digits, which Excel shows in full and the reader reads like CSV, exactly.
    /// </summary>
    internal static bool FitsANumberCell(decimal d)
    {
        var digits = (d < 0 ? -d : d).ToString(CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).Trim('0');
        return digits.Length <= 15;
    }

    private sealed class FileAnswer(byte[] bytes, string contentType, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
    }
}

/// <summary>The column names <c>POST /api/v1/submissions</c> reads from a sheet (SPEC "Spreadsheets"), in the order a
/// written sheet should give them; the template adds <see cref="IndicatorName"/> and <see cref="Unit"/>, which are read
/// by people and ignored on upload.</summary>
internal static class SubmissionColumns
{
    public const string Indicator = "indicator";
    public const string IndicatorName = "indicatorName";
    public const string OrgUnit = "orgUnit";
    public const string Period = "period";
    public const string Unit = "unit";
    public const string Value = "value";
    public const string Status = "status";
    public const string Note = "note";

    /// <summary>What a submission reads, in SPEC order; <see cref="Note"/> may be left out.</summary>
    public static readonly IReadOnlyList<string> Read = [Indicator, OrgUnit, Period, Value, Status, Note];

    /// <summary>Columns a sheet must have.</summary>
    public static readonly IReadOnlyList<string> Required = [Indicator, OrgUnit, Period, Value, Status];

    /// <summary>The statuses offered in a status column's list.</summary>
    public static readonly IReadOnlyList<string> Statuses = Domain.WireNames.All<Domain.ValueStatus>().ToList();
}
