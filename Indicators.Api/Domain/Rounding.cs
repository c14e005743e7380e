namespace Indicators.Api.Domain;

/// <summary>
/// SPEC "Plan-versus-actual rules": percentages are rounded half away from zero to 2 decimals; amounts keep the
/// indicator's decimals. Always <see cref="decimal"/>: values round-trip exactly, so no binary floating point.
/// </summary>
internal static class Rounding
{
    public const int PercentDecimals = 2;

    /// <summary>0.125 → 0.13, −0.125 → −0.13 (not banker's rounding).</summary>
    public static decimal Percent(decimal value) => Math.Round(value, PercentDecimals, MidpointRounding.AwayFromZero);

    /// <summary>Rounds to the indicator's <c>decimals</c> (0–4), half away from zero.</summary>
    public static decimal Amount(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>The value has no significant digit beyond <paramref name="decimals"/> places
    /// (1.50 fits 1 decimal; 1.55 does not) — SPEC "Actual values".</summary>
    public static bool HasAtMostDecimals(decimal value, int decimals) => Math.Round(value, decimals) == value;
}
