using System.Globalization;
using System.Text.RegularExpressions;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Kernel.Spreadsheets;

namespace Indicators.Api.Features.Submissions.Submit;

/// <summary>
/// A spreadsheet upload as the batch <see cref="SubmissionWriter"/> checks and writes — the same checks, rights, locks,
/// approvals and receipt as JSON (SPEC "Spreadsheets") — and the writer's answers turned back into the sheet's terms:
/// <c>values[i].field</c> becomes <c>rows[N].field</c>, N the row's number in the sheet (the header is row 1), and each
/// message names the cell (<c>D7: …</c>). Cells that hold no usable value (a formula, a date where a figure belongs, text
/// that is not a number) are this class's own errors, reported together with the writer's.
/// </summary>
/// <remarks>
/// A row whose value, status and note are all empty is not an item: it is a row of the reporting-status template left
/// as downloaded (SPEC "Spreadsheets · Template": one row per expected value, the missing ones blank), so a reporter
/// may send the figures it has now and the rest later. A row with a note or a status but no value is still refused —
/// its sender meant to say something. The rule is the same for CSV and xlsx (both come through here).
/// </remarks>
internal sealed partial class SheetBatch
{
    private readonly SheetContent sheet;
    private readonly List<SheetRow> rows;
    private readonly Dictionary<string, List<string>> cellErrors = new(StringComparer.Ordinal);

    private SheetBatch(SheetContent sheet, List<SheetRow> rows, List<SubmittedValue?> values)
    {
        this.sheet = sheet;
        this.rows = rows;
        Values = values;
    }

    /// <summary>The batch, item i being the i-th sheet row that has something to send.</summary>
    public List<SubmittedValue?> Values { get; }

    /// <summary>Cells that hold no usable value: the batch is refused (400) whatever the writer says.</summary>
    public bool HasCellErrors => cellErrors.Count > 0;

    public static SheetContent Read(SheetFormat format, byte[] body, string? contentType) => format switch
    {
        SheetFormat.Csv => CsvSheetReader.Read(body, SubmissionColumns.Read, Charset(contentType)),
        _ => XlsxSheetReader.Read(body, SubmissionColumns.Read),
    };

    private static string? Charset(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue ? media.Charset.Value : null;

    /// <summary>The sheet's rows as submitted values; a sheet without the required columns or without data rows is refused.</summary>
    public static SheetBatch From(SheetContent sheet)
    {
        var missing = SubmissionColumns.Required.Where(c => !sheet.Columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw SheetRefusedException.Invalid(
                $"Row 1 has no column {string.Join(", ", missing)}: it must name the columns {string.Join(", ", SubmissionColumns.Required)} (any letter case) and may add note; other columns are ignored.",
                "rows[1]");
        }
        if (sheet.Rows.Count == 0)
        {
            throw SheetRefusedException.Invalid(
                $"The sheet has no data rows: below the header, send 1 to {SheetLimits.MaxDataRows:N0} rows, one value each.", "rows");
        }
        var values = new List<SubmittedValue?>(sheet.Rows.Count);
        var rows = new List<SheetRow>(sheet.Rows.Count);
        var batch = new SheetBatch(sheet, rows, values);
        foreach (var row in sheet.Rows)
        {
            if (IsBlank(row, SubmissionColumns.Value) && IsBlank(row, SubmissionColumns.Status) && IsBlank(row, SubmissionColumns.Note))
            {
                continue;
            }
            rows.Add(row);
            values.Add(new SubmittedValue
            {
                Indicator = batch.Text(row, SubmissionColumns.Indicator),
                OrgUnit = batch.Text(row, SubmissionColumns.OrgUnit),
                Period = batch.Text(row, SubmissionColumns.Period),
                Value = batch.Figure(row),
                Status = batch.Text(row, SubmissionColumns.Status),
                Note = batch.Text(row, SubmissionColumns.Note),
            });
        }
        if (values.Count == 0)
        {
            throw SheetRefusedException.Invalid(
                $"The sheet has nothing to send: its {sheet.Rows.Count:N0} data rows have no value, status or note (a template row left blank is " +
                "skipped). Fill in value and status of at least one row.", "rows");
        }
        return batch;
    }

    private static bool IsBlank(SheetRow row, string column) => row.Cells[IndexOf(column)] is not { } cell || cell.IsBlank;

    /// <summary>
    /// The writer's errors (keyed by JSON path) in the sheet's terms, with this sheet's own cell errors, which win for
    /// the cells they name (the writer saw no value there and would only say it is missing).
    /// </summary>
    public Dictionary<string, string[]> InSheetTerms(IReadOnlyDictionary<string, string[]> errors)
    {
        var mapped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var (sheetKey, cell) = SheetKey(key);
            if (cellErrors.ContainsKey(sheetKey))
            {
                continue;
            }
            if (!mapped.TryGetValue(sheetKey, out var list))
            {
                mapped[sheetKey] = list = [];
            }
            list.AddRange(messages.Select(m => $"{cell}: {RowNames(m)}"));
        }
        foreach (var (key, messages) in cellErrors)
        {
            mapped[key] = messages;
        }
        return mapped
            .OrderBy(e => RowOf(e.Key))
            .ThenBy(e => ColumnOrder(e.Key))
            .ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary><c>values[3].period</c> → (<c>rows[5].period</c>, <c>C5</c>); <c>values[3]</c> → (<c>rows[5]</c>, <c>Row 5</c>).</summary>
    private (string Key, string Cell) SheetKey(string key)
    {
        var match = ItemKey().Match(key);
        if (!match.Success)
        {
            return (key == SubmissionWriter.Collection ? "rows" : key, "The sheet");
        }
        var row = rows[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)].Number;
        if (!match.Groups[2].Success)
        {
            return ($"rows[{row}]", $"Row {row}");
        }
        var field = match.Groups[2].Value;
        var cell = sheet.Columns.TryGetValue(field, out var column) ? CellNames.Cell(column, row) : $"Row {row}";
        return ($"rows[{row}].{field}", cell);
    }

    /// <summary>A message naming another item (<c>values[3]</c>) names its row instead.</summary>
    private string RowNames(string message) =>
        ItemMention().Replace(message, m => $"row {rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].Number}");

    private static int RowOf(string key) =>
        RowKey().Match(key) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static int ColumnOrder(string key)
    {
        var dot = key.IndexOf("].", StringComparison.Ordinal);
        var field = dot < 0 ? "" : key[(dot + 2)..];
        var i = SubmissionColumns.Read.ToList().IndexOf(field);
        return i < 0 ? -1 : i;
    }

    /// <summary>The text of a text column's cell; a cell that cannot stand for text is this sheet's error.</summary>
    private string? Text(SheetRow row, string column)
    {
        var i = IndexOf(column);
        if (row.Cells[i] is not { } cell)
        {
            return null;
        }
        switch (cell.Kind)
        {
            case CellKind.Formula:
            case CellKind.Error:
            case CellKind.Date when column == SubmissionColumns.Period:
                AddCellError(row, column, cell.Kind == CellKind.Date
                    ? $"holds a date ({cell.Text}), not a period: format the cell as text and write the period code, such as 2020-S1 or 2020-M01."
                    : SheetNumbers.NotAFigure(cell));
                return null;
            case CellKind.Text when sheet.Format == SheetFormat.Csv && IsNeutralised(cell.Text):
                // What Csv.Field wrote to keep a spreadsheet from evaluating the text ('=…, '-5 so với…): read back as it
                // was, so that a CSV the service wrote (the template with its current notes) uploaded unchanged changes nothing.
                return cell.Text[1..];
            default:
                return cell.Text;
        }
    }

    /// <summary>A single quote followed by a character that starts a formula (OWASP "CSV Injection").</summary>
    private static bool IsNeutralised(string text) =>
        text.Length >= 2 && text[0] == '\'' && Infrastructure.Http.Csv.FormulaTriggers.Contains(text[1]);

    /// <summary>The figure of the value cell, or null with this sheet's error saying why there is none.</summary>
    private decimal? Figure(SheetRow row)
    {
        if (row.Cells[IndexOf(SubmissionColumns.Value)] is not { } cell || cell.IsBlank)
        {
            AddCellError(row, SubmissionColumns.Value, $"is empty: value is required, a number such as {(sheet.DecimalComma ? "1235,6" : "1235.6")}.");
            return null;
        }
        if (SheetNumbers.TryRead(cell, sheet.DecimalComma, out var value, out var error))
        {
            return value;
        }
        AddCellError(row, SubmissionColumns.Value, error);
        return null;
    }

    private void AddCellError(SheetRow row, string column, string message)
    {
        var key = $"rows[{row.Number}].{column}";
        if (!cellErrors.TryGetValue(key, out var list))
        {
            cellErrors[key] = list = [];
        }
        list.Add($"{CellNames.Cell(sheet.Columns[column], row.Number)} {message}");
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < SubmissionColumns.Read.Count; i++)
        {
            if (SubmissionColumns.Read[i] == column)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(column), column, "Not a column a submission reads.");
    }

    [GeneratedRegex(@"^values\[(\d+)\](?:\.(\w+))?$")]
    private static partial Regex ItemKey();

    [GeneratedRegex(@"\bvalues\[(\d+)\]")]
    private static partial Regex ItemMention();

    [GeneratedRegex(@"^rows\[(\d+)\]")]
    private static partial Regex RowKey();
}
