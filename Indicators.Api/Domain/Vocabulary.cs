namespace Indicators.Api.Domain;

// The small closed vocabularies of SPEC "Concepts". Their wire spellings live in WireNames.

/// <summary>How an indicator behaves over time and across units (SPEC "Indicators").</summary>
public enum Measure
{
    /// <summary>Accumulates over time: a longer period is the sum of the shorter periods that tile it.</summary>
    Flow,

    /// <summary>A level at the end of a period: a longer period takes the value of its last sub-period.</summary>
    Stock,

    /// <summary>A ratio or percentage: never summed, over time or units.</summary>
    Rate,
}

internal enum Direction
{
    /// <summary>Higher is better.</summary>
    Increase,

    /// <summary>Lower is better.</summary>
    Decrease,
}

/// <summary>Which side of a target counts as meeting it.</summary>
internal enum Comparison
{
    AtLeast,
    AtMost,
}

/// <summary>How firm a value is, declared weakest → strongest so that the weakest of several is their minimum.</summary>
internal enum ValueStatus
{
    /// <summary>ước tính.</summary>
    Estimate,

    /// <summary>sơ bộ.</summary>
    Preliminary,

    /// <summary>chính thức.</summary>
    Official,
}

internal enum TargetKind
{
    /// <summary>kế hoạch năm / dự toán.</summary>
    Plan,

    /// <summary>chỉ tiêu nghị quyết nhiệm kỳ.</summary>
    Resolution,

    /// <summary>A milestone commitment, e.g. "≥ 60% disbursed by 30/9".</summary>
    Commitment,
}

internal enum OrgUnitKind
{
    Province,
    District,
    City,
    Department,
    Board,
}

/// <summary>Where a plan-versus-actual actual came from (SPEC "Plan-versus-actual rules").</summary>
internal enum ActualSource
{
    /// <summary>Stored for exactly the requested period.</summary>
    Reported,

    /// <summary>Computed from values stored for other periods of the same unit.</summary>
    Derived,

    /// <summary>The sum over the unit's territorial children.</summary>
    Children,
}

internal enum Assessment
{
    NoData,
    NoTarget,
    Achieved,
    OnTrack,
    Behind,
}

internal static class VocabularyExtensions
{
    /// <summary>Districts and the city add up to a territorial total; departments and boards are sectoral (SPEC "Org units").</summary>
    public static bool IsTerritorial(this OrgUnitKind kind) => kind is OrgUnitKind.District or OrgUnitKind.City;

    /// <summary>Org-unit aggregation is sum for flows and stocks, none for rates (SPEC "Indicators").</summary>
    public static bool IsSummable(this Measure measure) => measure is Measure.Flow or Measure.Stock;

    public static ValueStatus Weakest(this IEnumerable<ValueStatus> statuses) => statuses.Min();
}
