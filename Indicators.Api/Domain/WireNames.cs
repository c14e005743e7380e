namespace Indicators.Api.Domain;

/// <summary>
/// The spelling of every domain enum on the wire (JSON, CSV, query strings, database columns).
/// Parsing is exact and case-sensitive: the API documents one spelling and accepts only that one.
/// </summary>
/// <remarks>Spelled out rather than derived from member names because some are kebab-case
/// (<c>no-data</c>) and a C# rename must never change the public contract.</remarks>
internal static class WireNames
{
    static WireNames()
    {
        Define((Measure.Flow, "flow"), (Measure.Stock, "stock"), (Measure.Rate, "rate"));
        Define((Direction.Increase, "increase"), (Direction.Decrease, "decrease"));
        Define((Comparison.AtLeast, "atLeast"), (Comparison.AtMost, "atMost"));
        Define((ValueStatus.Estimate, "estimate"), (ValueStatus.Preliminary, "preliminary"), (ValueStatus.Official, "official"));
        Define((TargetKind.Plan, "plan"), (TargetKind.Resolution, "resolution"), (TargetKind.Commitment, "commitment"));
        Define(
            (OrgUnitKind.Province, "province"), (OrgUnitKind.District, "district"), (OrgUnitKind.City, "city"),
            (OrgUnitKind.Department, "department"), (OrgUnitKind.Board, "board"));
        Define((ActualSource.Reported, "reported"), (ActualSource.Derived, "derived"), (ActualSource.Children, "children"));
        Define(
            (Assessment.NoData, "no-data"), (Assessment.NoTarget, "no-target"), (Assessment.Achieved, "achieved"),
            (Assessment.OnTrack, "on-track"), (Assessment.Behind, "behind"));
        // "range" is spelled for completeness; the series endpoint accepts only the four that tile a year.
        Define(
            (PeriodType.Year, "year"), (PeriodType.Half, "half"), (PeriodType.Quarter, "quarter"),
            (PeriodType.Month, "month"), (PeriodType.Range, "range"));
        // SPEC "Reporting cycle".
        Define(
            (Frequency.Month, "month"), (Frequency.Quarter, "quarter"), (Frequency.Half, "half"),
            (Frequency.NineMonths, "nine-months"), (Frequency.Year, "year"));
        Define((Cutoff.Calendar, "calendar"), (Cutoff.Decree09, "decree-09"));
        Define((Timeliness.OnTime, "on-time"), (Timeliness.Late, "late"), (Timeliness.Overdue, "overdue"), (Timeliness.Open, "open"));
        Define((ApprovalAction.Approved, "approved"), (ApprovalAction.Reopened, "reopened"));
    }

    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static string ToWire<T>(T value) where T : struct, Enum =>
        Table<T>.Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no wire name for this value.");

    /// <summary>Exact, case-sensitive match of a wire name.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Table<T>.Values.TryGetValue(text, out value);
    }

    /// <summary>The wire names of <typeparamref name="T"/> in declaration order, for error messages and OpenAPI enums.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Ordered;

    private static void Define<T>(params (T Value, string Name)[] entries) where T : struct, Enum
    {
        Table<T>.Names = entries.ToDictionary(e => e.Value, e => e.Name);
        Table<T>.Values = entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        Table<T>.Ordered = entries.Select(e => e.Name).ToArray();
    }

    // Filled by WireNames' static constructor, which runs before any public member can reach it.
    private static class Table<T> where T : struct, Enum
    {
        public static Dictionary<T, string> Names = [];
        public static Dictionary<string, T> Values = new(StringComparer.Ordinal);
        public static IReadOnlyList<string> Ordered = [];
    }
}
