using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Indicators.Tests.Features.ReportingStatus.Template;

/// <summary>
/// A downloaded template as a person's spreadsheet program sees and edits it, through the Open XML SDK's document
/// model (not the service's streaming reader and writer): the cells of each row by column letter, the data validations,
/// and cells typed in — a number as a number cell, text as an inline string — where the template left them empty.
/// </summary>
internal static class TemplateSheets
{
    /// <summary>A cell as stored: its type attribute (null for a number), its text (a number's stored digits), its style.</summary>
    public sealed record StoredCell(string? Type, string Text, uint? Style);

    /// <summary>Rows by number, each a map of column letter → cell.</summary>
    public static SortedDictionary<uint, Dictionary<string, StoredCell>> Read(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = new SortedDictionary<uint, Dictionary<string, StoredCell>>();
        foreach (var row in sheet.Descendants<Row>())
        {
            rows[row.RowIndex!.Value] = row.Elements<Cell>().ToDictionary(
                c => new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray()),
                c => new StoredCell(
                    c.DataType?.InnerText,
                    c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "",
                    c.StyleIndex?.Value));
        }
        return rows;
    }

    /// <summary>The list validations of the sheet: (cells, formula).</summary>
    public static List<(string Cells, string Formula)> ListValidations(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DataValidation>()
            .Where(v => v.Type?.Value == DataValidationValues.List)
            .Select(v => (v.SequenceOfReferences!.InnerText!, v.Formula1!.Text))
            .ToList();
    }

    /// <summary>The workbook with cells typed in: (cell reference, number or text). A value of null clears the cell.</summary>
    public static byte[] Fill(byte[] xlsx, params (string Cell, object? Value)[] cells)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var data = sheet.GetFirstChild<SheetData>()!;
            foreach (var (reference, value) in cells)
            {
                var number = uint.Parse(new string(reference.SkipWhile(char.IsLetter).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
                var row = data.Elements<Row>().Single(r => r.RowIndex!.Value == number);
                row.Elements<Cell>().SingleOrDefault(c => c.CellReference!.Value == reference)?.Remove();
                if (value is null)
                {
                    continue;
                }
                var cell = value switch
                {
                    decimal d => new Cell { CellReference = reference, CellValue = new CellValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                    _ => new Cell(new InlineString(new Text((string)value))) { CellReference = reference, DataType = CellValues.InlineString },
                };
                // Cells in column order, as the format asks.
                var after = row.Elements<Cell>().LastOrDefault(c => Column(c.CellReference!.Value!) < Column(reference));
                if (after is null)
                {
                    row.PrependChild(cell);
                }
                else
                {
                    after.InsertAfterSelf(cell);
                }
            }
            sheet.Save();
        }
        return stream.ToArray();
    }

    private static int Column(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + (ch - 'A' + 1));
}
