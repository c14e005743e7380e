using System.Globalization;

namespace Indicators.Api.Kernel.Spreadsheets;

/// <summary>
/// Figures in cells (SPEC "Spreadsheets"): digits with '.' as the decimal separator, or ',' in a CSV delimited by ';'
/// (the Vietnamese spreadsheet convention); never thousands separators, exponents or percent signs, which a person
/// would read differently from a program. An xlsx numeric cell already holds a number, read at 15 significant digits.
/// Every figure becomes a <see cref="decimal"/> exactly as written: no binary floating point on the way to the database.
/// </summary>
internal static class SheetNumbers
{
    /// <summary>More significant digits than this and a decimal might round: refused like JSON's inexact numbers.</summary>
    public const int MaxDigits = 28;

    /// <summary>The figure in a cell, or why there is none (the message names the cell's content, not the cell).</summary>
    public static bool TryRead(SheetCell cell, bool decimalComma, out decimal value, out string error)
    {
        value = 0;
        switch (cell.Kind)
        {
            case CellKind.Number:
                value = cell.Number!.Value;
                error = "";
                return true;
            case CellKind.Text:
                return TryParse(cell.Text, decimalComma, out value, out error);
            default:
                error = NotAFigure(cell);
                return false;
        }
    }

    /// <summary>Why a cell of this kind holds no usable text or figure; empty for text and numbers.</summary>
    public static string NotAFigure(SheetCell cell) => cell.Kind switch
    {
        CellKind.Date => $"holds a date ({cell.Text}), not a number: format the cell as a number (or as text) and type the figure.",
        CellKind.Percent => $"is formatted as a percentage (it holds {cell.Text}, shown ×100 with a % sign): enter the figure itself as a plain number.",
        CellKind.Boolean => $"holds {cell.Text}, a TRUE/FALSE value, not a number.",
        CellKind.Error => $"holds the error {cell.Text}, not a value.",
        CellKind.Formula => "holds a formula: a batch stores figures, not formulas. Replace it by its value (copy, then Paste Special → Values) and send the sheet again.",
        _ => "",
    };

    /// <summary>
    /// <c>-1235.6</c>, or with <paramref name="decimalComma"/> also <c>-1235,6</c>; surrounding white space is ignored.
    /// </summary>
    public static bool TryParse(string text, bool decimalComma, out decimal value, out string error)
    {
        value = 0;
        var s = text.AsSpan().Trim();
        var sample = decimalComma ? "1235,6" : "1235.6";
        var separators = decimalComma ? "',' or '.'" : "'.'";
        if (s.IsEmpty)
        {
            error = $"is empty: a number such as {sample} is required.";
            return false;
        }
        var negative = s[0] == '-';
        var body = negative ? s[1..] : s;
        var separatorAt = -1;
        var digits = 0;
        var leadingZeros = true;
        var valid = body.Length > 0;
        for (var i = 0; i < body.Length && valid; i++)
        {
            var ch = body[i];
            if (ch is >= '0' and <= '9')
            {
                if (ch != '0' || !leadingZeros || separatorAt >= 0)
                {
                    leadingZeros = false;
                    digits++;
                }
            }
            else if ((ch == '.' || (ch == ',' && decimalComma)) && separatorAt < 0 && i > 0 && i < body.Length - 1)
            {
                separatorAt = i;
            }
            else
            {
                valid = false;
            }
        }
        if (!valid)
        {
            var hint = s.ContainsAny('e', 'E') ? " written in full (not with an exponent)"
                : s.Contains('%') ? " without a % sign"
                : s.Contains(',') && !decimalComma ? " (',' is a decimal separator only in a CSV delimited by ';'; never a thousands separator)"
                : "";
            error = $"holds {Quote(text)}, which is not a number: write digits with {separators} as the decimal separator, such as {sample}{hint}.";
            return false;
        }
        if (digits > MaxDigits)
        {
            error = $"has {digits} significant digits; a value holds at most {MaxDigits} (it would otherwise be stored as a different number).";
            return false;
        }
        var canonical = separatorAt < 0 ? s.ToString() : string.Concat(s[..(separatorAt + (negative ? 1 : 0))], ".", s[(separatorAt + (negative ? 2 : 1))..]);
        if (!decimal.TryParse(canonical, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            error = $"holds {Quote(text)}, which is beyond the numbers this service stores.";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>
    /// A would-be figure quoted as sent when it holds only what figures are written with (digits, separators, signs,
    /// exponents, %, spaces; at most 40 characters) — "1.234,5" tells the sender more than its length — and otherwise as
    /// <see cref="Domain.Echo"/> describes anything a client sent.
    /// </summary>
    private static string Quote(string text) =>
        text.Length is > 0 and <= 40 && text.All(c => c is >= '0' and <= '9' or '.' or ',' or '-' or '+' or 'e' or 'E' or '%' or ' ')
            ? $"'{text}'"
            : Domain.Echo.Quote(text);

    /// <summary>
    /// An xlsx numeric cell's stored text (the shortest text of a double, e.g. <c>1235.5999999999999</c>) as the
    /// spreadsheet shows it: 15 significant digits, Excel's precision (<c>1235.6</c>).
    /// </summary>
    public static bool TryReadStoredDouble(string stored, out decimal value)
    {
        value = 0;
        if (!double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return false;
        }
        return decimal.TryParse(d.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
