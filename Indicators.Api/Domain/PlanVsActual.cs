namespace Indicators.Api.Domain;

/// <summary>What of an indicator the plan-versus-actual rules need. <c>Decimals</c> (0–4) is the precision that
/// amounts (difference, remaining, required monthly average) are rounded to.</summary>
internal sealed record IndicatorRules(Measure Measure, Direction Direction, int Decimals);

/// <summary>A current target of one indicator for one org unit. <paramref name="Comparison"/> is always explicit
/// here: fill an omitted one with <see cref="PlanVsActual.DefaultComparison"/> when it is written.</summary>
internal sealed record StoredTarget(Period Period, TargetKind Kind, decimal Value, Comparison Comparison);

/// <summary>One plan-versus-actual row's figures; every figure that cannot be computed is null.
/// <c>TargetPeriod</c> is the period of the target used (the requested one or its whole year);
/// <c>PreviousYear</c> the actual for the same months of the year before.</summary>
internal sealed record PlanVsActualFigures(
    decimal? Actual,
    ValueStatus? ActualStatus,
    ActualSource? ActualSource,
    IReadOnlyList<Period> DerivedFrom,
    ChildrenCoverage? Children,
    decimal? Target,
    Period? TargetPeriod,
    Comparison? Comparison,
    decimal? PercentOfTarget,
    decimal? Difference,
    decimal? Remaining,
    decimal? ElapsedPercent,
    decimal? RequiredMonthlyAverage,
    decimal? PreviousYear,
    decimal? ChangeFromPreviousYearPercent,
    Assessment Assessment);

/// <summary>
/// How % of plan and the other figures of a plan-versus-actual row are computed (SPEC "Plan-versus-actual rules").
/// The actual comes from <see cref="Actuals"/>; everything here is arithmetic on it and the target.
/// </summary>
/// <remarks>
/// Worked check (source document: "Giá trị sản xuất công nghiệp 6 tháng đầu năm đạt 7.966 tỷ đồng, bằng 44,2% kế
/// hoạch, tăng 6% so với cùng kỳ"): 2020-S1 actual 7966, plan for 2020 18029 → percentOfTarget 44.18, difference
/// −10063, remaining 10063, elapsedPercent 50, requiredMonthlyAverage 10063 / 6 months left, previousYear 7515 →
/// +6.00%, behind.
/// </remarks>
internal static class PlanVsActual
{
    /// <summary>SPEC "Targets": <c>atLeast</c> for increase indicators, <c>atMost</c> for decrease.</summary>
    public static Comparison DefaultComparison(Direction direction) =>
        direction == Direction.Decrease ? Comparison.AtMost : Comparison.AtLeast;

    /// <summary>The target of <paramref name="kind"/> for exactly the requested period, else for its whole year,
    /// among <paramref name="targets"/>: the current targets of this indicator for the unit (any kinds and periods).</summary>
    public static StoredTarget? FindTarget(TargetKind kind, Period requested, IReadOnlyCollection<StoredTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var ofKind = targets.Where(t => t.Kind == kind).ToList();
        var year = Period.OfYear(requested.Year);
        return ofKind.FirstOrDefault(t => t.Period == requested) ?? ofKind.FirstOrDefault(t => t.Period == year);
    }

    /// <summary>The figures of one row.</summary>
    /// <remarks>
    /// <c>actual</c>: the unit's actual for <c>requested</c> (<see cref="Actuals.Resolve"/>). <c>children</c>: its
    /// children coverage, passed through; null when it has no territorial children. <c>target</c>: from
    /// <see cref="FindTarget"/>. <c>previousYear</c>: the unit's actual for the same months of the year before,
    /// resolved the same way (null for 2000, see <see cref="Period.TryShiftYears"/>).
    /// </remarks>
    public static PlanVsActualFigures Compute(
        IndicatorRules indicator, Period requested, ResolvedActual? actual, ChildrenCoverage? children,
        StoredTarget? target, ResolvedActual? previousYear)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        decimal? Amount(decimal? value) => value is { } v ? Rounding.Amount(v, indicator.Decimals) : null;

        var value = actual?.Value;
        var goal = target?.Value;

        // percentOfTarget = actual / target × 100; difference = actual − target.
        decimal? percent = value is { } a && goal is { } t && t != 0 ? Rounding.Percent(a / t * 100m) : null;
        decimal? difference = value - goal;

        // remaining = target − actual when the comparison is atLeast and actual < target, else 0.
        decimal? remaining = value is { } av && goal is { } tv
            ? (target!.Comparison == Comparison.AtLeast && av < tv ? tv - av : 0m)
            : null;

        // elapsedPercent = months of the target period up to month b, over its length: a plan for 2020 seen at
        // 2020-S1 is 6 of 12 months in; a target for exactly the requested period is wholly elapsed.
        // requiredMonthlyAverage = remaining / the months left after b; null when none are left.
        decimal? elapsed = null, required = null;
        if (target is not null)
        {
            var months = target.Period.Months;
            var elapsedMonths = Math.Clamp(
                (requested.Year - target.Period.Year) * 12 + requested.LastMonth - target.Period.FirstMonth + 1, 0, months);
            elapsed = Rounding.Percent(elapsedMonths * 100m / months);
            if (remaining is { } r && elapsedMonths < months)
                required = r / (months - elapsedMonths);
        }

        // changeFromPreviousYearPercent = (actual / previousYear − 1) × 100.
        var before = previousYear?.Value;
        decimal? change = value is { } now && before is { } then && then != 0
            ? Rounding.Percent((now / then - 1m) * 100m)
            : null;

        return new PlanVsActualFigures(
            value, actual?.Status, actual?.Source, actual?.DerivedFrom ?? [], children,
            goal, target?.Period, target?.Comparison,
            percent, Amount(difference), Amount(remaining), elapsed, Amount(required),
            before, change,
            Assess(indicator.Measure, value, target, percent, elapsed));
    }

    /// <summary>
    /// SPEC: no-data, no-target, achieved (the comparison holds), on-track (flows: percentOfTarget ≥
    /// elapsedPercent), behind. Compared on the rounded figures shown in the same row, so a reader can check it.
    /// </summary>
    /// <remarks>
    /// Decision for <c>atMost</c> flows (a cap on, say, traffic accidents): a total still under the cap before the
    /// target period has ended is not yet an achievement — the year can still overshoot it. Until the target period
    /// has fully elapsed such a flow is on-track when percentOfTarget ≤ elapsedPercent (spending the cap no faster
    /// than time passes) and behind otherwise; once it has elapsed, achieved when the comparison holds. An
    /// <c>atLeast</c> flow that has reached its target has achieved it whenever that happens.
    /// </remarks>
    private static Assessment Assess(Measure measure, decimal? actual, StoredTarget? target, decimal? percent, decimal? elapsed)
    {
        if (actual is not { } a)
            return Assessment.NoData;
        if (target is null)
            return Assessment.NoTarget;

        var flow = measure == Measure.Flow;
        if (target.Comparison == Comparison.AtLeast)
        {
            if (a >= target.Value)
                return Assessment.Achieved;
            return flow && percent >= elapsed ? Assessment.OnTrack : Assessment.Behind;
        }

        if (!flow || elapsed >= 100m)
            return a <= target.Value ? Assessment.Achieved : Assessment.Behind;
        if (a > target.Value)
            return Assessment.Behind;
        // percent is null only for a cap of 0 not yet exceeded.
        return percent is null || percent <= elapsed ? Assessment.OnTrack : Assessment.Behind;
    }
}
