using System.Globalization;
using System.Text.RegularExpressions;

namespace Indicators.Api.Kernel;

internal static partial class Amounts
{
    /// <summary>The largest magnitude stored: fits decimal(19,4) on SQL Server with room to sum a province.</summary>
    public const decimal MaxAbs = 99_999_999_999_999.9999m;

    /// <summary>Digits after the decimal point as written (2.50 has 2).</summary>
    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Decimal places that carry information (2.50 has 1).</summary>
    public static int SignificantDecimals(decimal value) => Scale(value / 1.0000000000000000000000000000m);

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    public static partial Regex OrgUnitCode();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    public static partial Regex IndicatorCode();
}
