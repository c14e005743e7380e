using System.Globalization;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Kernel.Spreadsheets;

/// <summary>The two spreadsheet formats a batch may be sent in (SPEC "Spreadsheets").</summary>
internal enum SheetFormat
{
    Csv,
    Xlsx,
}

internal static class SheetMediaTypes
{
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The spreadsheet format a request's Content-Type names, if it names one (parameters such as charset aside).</summary>
    public static SheetFormat? Of(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }
        return media.MediaType.Value switch
        {
            var m when string.Equals(m, Csv, StringComparison.OrdinalIgnoreCase) => SheetFormat.Csv,
            var m when string.Equals(m, Xlsx, StringComparison.OrdinalIgnoreCase) => SheetFormat.Xlsx,
            _ => null,
        };
    }
}

/// <summary>What a cell held, as the reader saw it. Only <see cref="Text"/> and <see cref="Number"/> carry a figure; the
/// others are reported back to the sender by the cell's name.</summary>
internal enum CellKind
{
    /// <summary>A CSV field, or an xlsx text cell: read as written.</summary>
    Text,

    /// <summary>An xlsx numeric cell, read at 15 significant digits as the spreadsheet shows it.</summary>
    Number,

    /// <summary>An xlsx cell formatted as a date or time (its <see cref="SheetCell.Text"/> is the ISO date).</summary>
    Date,

    /// <summary>An xlsx numeric cell formatted as a percentage: it holds 0.4418 where it shows 44.18%.</summary>
    Percent,

    /// <summary>An xlsx TRUE/FALSE cell.</summary>
    Boolean,

    /// <summary>An xlsx error cell (#N/A, #DIV/0!…).</summary>
    Error,

    /// <summary>An xlsx cell holding a formula: refused, since a batch stores figures, not formulas (SPEC "Spreadsheets").</summary>
    Formula,
}

/// <summary>One cell of a wanted column. <see cref="Number"/> is set for <see cref="CellKind.Number"/> cells.</summary>
internal readonly record struct SheetCell(CellKind Kind, string Text, decimal? Number = null)
{
    public bool IsBlank => Kind == CellKind.Text && string.IsNullOrWhiteSpace(Text);
}

/// <summary>A data row: its number in the sheet (the header is row 1) and the cells of the wanted columns, in the order
/// they were asked for (null where the sheet has no such column or the cell is empty).</summary>
internal sealed record SheetRow(int Number, SheetCell?[] Cells);

/// <summary>
/// A sheet as read: where each wanted column is (0-based index in the sheet, absent when the header lacks it), and the
/// rows that hold something in a wanted column. Rows empty in every wanted column are skipped, as SPEC asks of empty
/// rows; other columns (the template's names and units, notes of the sender's own) are never kept.
/// </summary>
internal sealed class SheetContent(SheetFormat format, IReadOnlyDictionary<string, int> columns, IReadOnlyList<SheetRow> rows, bool decimalComma)
{
    public SheetFormat Format { get; } = format;

    /// <summary>Wanted column name (as asked) → its 0-based index in the sheet.</summary>
    public IReadOnlyDictionary<string, int> Columns { get; } = columns;

    public IReadOnlyList<SheetRow> Rows { get; } = rows;

    /// <summary>A CSV delimited by ';': a ',' is accepted as the decimal separator (the Vietnamese convention).</summary>
    public bool DecimalComma { get; } = decimalComma;
}

/// <summary>A sheet refused whole (not a valid file, too large, too many rows): the problem to answer.</summary>
internal sealed class SheetRefusedException(ProblemType type, string detail, string key) : Exception(detail)
{
    public ProblemType Type { get; } = type;

    /// <summary>The error key: <c>request</c> for the file as a whole, <c>rows[N]</c> for a row.</summary>
    public string Key { get; } = key;

    public static SheetRefusedException Invalid(string detail, string key = Problems.GeneralField) => new(ProblemTypes.Validation, detail, key);

    public static SheetRefusedException TooLarge(string detail) => new(ProblemTypes.PayloadTooLarge, detail, Problems.GeneralField);

    public ProblemResult Answer() => new(Type, Message, new Dictionary<string, string[]> { [Key] = [Message] });
}

/// <summary>The limits every uploaded sheet meets (SPEC "Spreadsheets").</summary>
internal static class SheetLimits
{
    /// <summary>Data rows: a batch holds at most 10,000 items.</summary>
    public const int MaxDataRows = Batches.BatchLimits.MaxItems;

    /// <summary>What the parts of an xlsx may expand to, together; checked on the zip's central directory before any
    /// part is expanded, and enforced again while reading (a central directory may lie).</summary>
    public const long MaxExpandedBytes = 64L * 1024 * 1024;

    /// <summary>Parts in an xlsx package: a workbook of one sheet has about a dozen.</summary>
    public const int MaxParts = 1_000;

    /// <summary>Shared strings: a full 10,000-row template needs at most a few tens of thousands.</summary>
    public const int MaxSharedStrings = 200_000;

    /// <summary>Characters of all shared strings together (kept in memory while the sheet is read).</summary>
    public const long MaxSharedStringChars = 16L * 1024 * 1024;

    /// <summary>Columns Excel has (A to XFD).</summary>
    public const int MaxColumns = 16_384;
}

/// <summary>Cell names as a spreadsheet shows them: column 0 is A, 26 is AA; <c>C7</c>.</summary>
internal static class CellNames
{
    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    public static string Cell(int column, int row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 0-based column and 1-based row of a reference such as <c>C7</c>; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> reference, out int column, out int row)
    {
        column = -1;
        row = 0;
        var i = 0;
        var c = 0;
        while (i < reference.Length && reference[i] is >= 'A' and <= 'Z')
        {
            c = c * 26 + (reference[i] - 'A' + 1);
            if (c > SheetLimits.MaxColumns)
            {
                return false;
            }
            i++;
        }
        if (i == 0 || i == reference.Length
            || !int.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out row) || row is < 1 or > 1_048_576)
        {
            return false;
        }
        column = c - 1;
        return true;
    }
}
