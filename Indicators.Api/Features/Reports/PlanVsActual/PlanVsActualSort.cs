using System.Globalization;

namespace Indicators.Api.Features.Reports.PlanVsActual;

/// <summary>
/// <c>sort=-percentOfTarget,indicator</c>: keys applied left to right, '-' for descending, nulls last in both
/// directions, ties kept in the default order (LINQ's ordering is stable). Codes compare ordinally, names by the
/// rules of the response's language.
/// </summary>
internal static class PlanVsActualSort
{
    private static readonly Dictionary<string, Func<PlanVsActualRow, decimal?>> Numbers = new(StringComparer.Ordinal)
    {
        ["actual"] = r => r.Actual,
        ["target"] = r => r.Target,
        ["percentOfTarget"] = r => r.PercentOfTarget,
        ["difference"] = r => r.Difference,
        ["remaining"] = r => r.Remaining,
        ["elapsedPercent"] = r => r.ElapsedPercent,
        ["requiredMonthlyAverage"] = r => r.RequiredMonthlyAverage,
        ["previousYear"] = r => r.PreviousYear,
        ["changeFromPreviousYearPercent"] = r => r.ChangeFromPreviousYearPercent,
    };

    private static readonly Dictionary<string, (Func<PlanVsActualRow, string> Key, bool IsName)> Texts = new(StringComparer.Ordinal)
    {
        ["indicator"] = (r => r.Indicator, false),
        ["orgUnit"] = (r => r.OrgUnit, false),
        ["indicatorName"] = (r => r.IndicatorName, true),
        ["orgUnitName"] = (r => r.OrgUnitName, true),
    };

    public static IReadOnlyList<string> Keys { get; } = [.. Texts.Keys, .. Numbers.Keys];

    public static IEnumerable<string> UnknownKeys(string? sort) =>
        Parse(sort).Select(k => k.Key).Where(k => !Texts.ContainsKey(k) && !Numbers.ContainsKey(k));

    /// <summary>The rows in the requested order; unchanged when <paramref name="sort"/> is empty.</summary>
    public static IReadOnlyList<PlanVsActualRow> Apply(IReadOnlyList<PlanVsActualRow> rows, string? sort, string lang)
    {
        var keys = Parse(sort).ToList();
        if (keys.Count == 0)
        {
            return rows;
        }
        var names = StringComparer.Create(CultureInfo.GetCultureInfo(lang), ignoreCase: false);
        var ordered = rows.OrderBy(_ => 0);
        foreach (var (key, descending) in keys)
        {
            if (Numbers.TryGetValue(key, out var number))
            {
                ordered = ordered.ThenBy(r => number(r) is null);
                ordered = descending ? ordered.ThenByDescending(number) : ordered.ThenBy(number);
            }
            else
            {
                var (text, isName) = Texts[key];
                var comparer = isName ? names : StringComparer.Ordinal;
                ordered = descending ? ordered.ThenByDescending(text, comparer) : ordered.ThenBy(text, comparer);
            }
        }
        return ordered.ToList();
    }

    private static IEnumerable<(string Key, bool Descending)> Parse(string? sort) =>
        (sort ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(k => k.StartsWith('-') ? (k[1..], true) : (k.TrimStart('+'), false));
}
