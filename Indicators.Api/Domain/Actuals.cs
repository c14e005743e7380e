namespace Indicators.Api.Domain;

/// <summary>A current actual value of one indicator for one org unit. A value (32 bytes), not an object: the read views
/// keep hundreds of thousands of them in arrays.</summary>
internal readonly record struct StoredValue(Period Period, decimal Value, ValueStatus Status);

/// <summary>The actual of a (indicator, org unit, period), however it was obtained. <c>DerivedFrom</c> lists the
/// stored periods a derived actual was built from, in month order; it is empty otherwise.</summary>
internal sealed record ResolvedActual(decimal Value, ValueStatus Status, ActualSource Source, IReadOnlyList<Period> DerivedFrom);

/// <summary>SPEC <c>children</c>: how many expected territorial children have an actual, and their sum.
/// <c>Total</c> is the sum of the children's actuals that exist; null when none exists or the measure is a rate.</summary>
internal sealed record ChildrenCoverage(int Reported, int Expected, decimal? Total);

/// <summary>Coverage of a unit's territorial children, and the unit's actual from them (only when every expected
/// child has one).</summary>
internal sealed record ChildrenRollup(ChildrenCoverage Coverage, ResolvedActual? Actual);

/// <summary>A unit's actual for a period and, when it has territorial children, their coverage.</summary>
internal sealed record UnitActual(ResolvedActual? Actual, ChildrenCoverage? Children);

/// <summary>
/// Finds the actual of a unit for a requested period — the "actual" and "children" bullets of SPEC
/// "Plan-versus-actual rules". Pure: the caller loads the current values and passes them in.
/// </summary>
internal static class Actuals
{
    /// <summary>
    /// The unit's own actual, then its children's: <see cref="ResolveOverTime"/>, else <see cref="Rollup"/> of each
    /// child resolved over time.
    /// </summary>
    /// <remarks>
    /// <c>own</c>: the current values of this indicator for the unit (any periods). <c>children</c>: one collection
    /// of current values per territorial child expected during the period (see
    /// <see cref="OrgUnitValidity.IsValidDuring"/>); null when the unit has no territorial children, which leaves
    /// <see cref="UnitActual.Children"/> null. Children are resolved over time only, not from their own children:
    /// districts and the city have none.
    /// </remarks>
    public static UnitActual Resolve(
        Measure measure, Period requested, IReadOnlyCollection<StoredValue> own,
        IReadOnlyCollection<IReadOnlyCollection<StoredValue>>? children)
    {
        ArgumentNullException.ThrowIfNull(own);
        return Combine(
            measure, ResolveOverTime(measure, requested, own),
            children?.Select(values => ResolveOverTime(measure, requested, values)).ToList());
    }

    /// <summary>
    /// <see cref="Resolve"/> from actuals already resolved over time (the read views keep each unit's, so that a write
    /// to one child recomputes that child only): the unit's own actual, else <see cref="Rollup"/> of its children's.
    /// </summary>
    /// <remarks><c>own</c>: <see cref="ResolveOverTime"/> of the unit's values. <c>children</c>: one entry per expected
    /// territorial child, <see cref="ResolveOverTime"/> of its values; null when the unit has no territorial children.</remarks>
    public static UnitActual Combine(Measure measure, ResolvedActual? own, IReadOnlyCollection<ResolvedActual?>? children)
    {
        var rollup = children is null ? null : Rollup(measure, children);
        return new UnitActual(own ?? rollup?.Actual, rollup?.Coverage);
    }

    /// <summary>
    /// The actual of one unit from its own stored values: exactly the requested period (reported); else, for a
    /// flow, the sum of stored periods that exactly tile its months with the fewest pieces; for a stock, the value
    /// of a stored period ending at its last month (both derived, status the weakest of the parts); a rate is
    /// only ever reported. Null when none of these applies.
    /// </summary>
    public static ResolvedActual? ResolveOverTime(Measure measure, Period requested, IReadOnlyCollection<StoredValue> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var v in stored)
        {
            if (v.Period == requested)
                return new ResolvedActual(v.Value, v.Status, ActualSource.Reported, []);
        }

        return measure switch
        {
            Measure.Flow => TileFlow(requested, stored),
            Measure.Stock => LastLevel(requested, stored),
            _ => null,
        };
    }

    /// <summary>
    /// Fewest pieces, by dynamic programming from the last month backwards: <c>fewest[m]</c> is the smallest number
    /// of stored periods that tile months m..b. Among equally few, the longer piece earlier wins (M01..M04 + M05
    /// rather than M01 + M02..M05), so the choice never depends on the order values were loaded in. When a period is
    /// stored twice, the first one counts.
    /// </summary>
    /// <remarks>The read views resolve every child of a province for every indicator: the pieces are indexed by their
    /// first and last month in a table on the stack rather than grouped with LINQ.</remarks>
    private static ResolvedActual? TileFlow(Period requested, IReadOnlyCollection<StoredValue> stored)
    {
        var values = stored as IReadOnlyList<StoredValue> ?? stored.ToList();
        // piece[first * 13 + last] = 1 + the index of the stored value of that period inside the requested one.
        Span<int> piece = stackalloc int[13 * 13];
        piece.Clear();
        for (var i = 0; i < values.Count; i++)
        {
            var p = values[i].Period;
            if (requested.Contains(p) && piece[p.FirstMonth * 13 + p.LastMonth] == 0)
                piece[p.FirstMonth * 13 + p.LastMonth] = i + 1;
        }
        int a = requested.FirstMonth, b = requested.LastMonth;
        // fewest[m] = the fewest pieces tiling m..b, or 0 when none does (fewest[b + 1] = 1 stands for the empty tiling).
        Span<int> fewest = stackalloc int[14];
        Span<int> choice = stackalloc int[14];
        fewest.Clear();
        fewest[b + 1] = 1;
        for (var m = b; m >= a; m--)
        {
            for (var last = b; last >= m; last--)
            {
                var at = piece[m * 13 + last];
                if (at != 0 && fewest[last + 1] is > 0 and var rest && (fewest[m] == 0 || rest + 1 < fewest[m]))
                {
                    fewest[m] = rest + 1;
                    choice[m] = at - 1;
                }
            }
        }
        if (fewest[a] == 0)
            return null;

        var tiling = new List<StoredValue>(fewest[a] - 1);
        for (var m = a; m <= b; m = values[choice[m]].Period.LastMonth + 1)
            tiling.Add(values[choice[m]]);
        var sum = 0m;
        foreach (var v in tiling)
            sum += v.Value;
        return Derived(sum, tiling);
    }

    /// <summary>
    /// A stock's level at the end of month b is the value of any period of that year ending at b. When several are
    /// stored (M06, Q2, S1) the shortest wins: it is the most specific report of that level (the first stored, of
    /// equally short ones).
    /// </summary>
    private static ResolvedActual? LastLevel(Period requested, IReadOnlyCollection<StoredValue> stored)
    {
        var found = false;
        StoredValue last = default;
        foreach (var v in stored)
        {
            if (v.Period.Year == requested.Year && v.Period.LastMonth == requested.LastMonth && (!found || v.Period.Months < last.Period.Months))
            {
                last = v;
                found = true;
            }
        }
        return found ? Derived(last.Value, [last]) : null;
    }

    private static ResolvedActual Derived(decimal value, IReadOnlyList<StoredValue> parts) =>
        new(value, parts.Select(v => v.Status).Weakest(), ActualSource.Derived, parts.Select(v => v.Period).ToArray());

    /// <summary>
    /// Coverage of the expected territorial children and, when every one of them has an actual and the measure is
    /// summable (flow or stock), their sum as the parent's actual (source children, status the weakest, no
    /// derivedFrom). <c>total</c> sums the children that do have an actual, so a partial total is visible even
    /// though it is not the parent's actual; it is null when none has one, and always null for a rate, which is
    /// never summed over units.
    /// </summary>
    /// <remarks><c>childActuals</c>: one entry per expected child, its actual for the period or null.</remarks>
    public static ChildrenRollup Rollup(Measure measure, IReadOnlyCollection<ResolvedActual?> childActuals)
    {
        ArgumentNullException.ThrowIfNull(childActuals);
        var present = childActuals.OfType<ResolvedActual>().ToList();
        var total = present.Count > 0 && measure.IsSummable() ? present.Sum(c => c.Value) : (decimal?)null;
        var coverage = new ChildrenCoverage(present.Count, childActuals.Count, total);
        var complete = present.Count > 0 && present.Count == childActuals.Count;
        var actual = complete && total is { } sum
            ? new ResolvedActual(sum, present.Select(c => c.Status).Weakest(), ActualSource.Children, [])
            : null;
        return new ChildrenRollup(coverage, actual);
    }
}

/// <summary>
/// Org units are effective-dated (SPEC "Org units"). <c>validFrom</c> and <c>validTo</c> are both inclusive dates,
/// either one absent meaning unbounded: a district abolished on 1 July 2025 has <c>validTo = 2025-06-30</c>.
/// </summary>
internal static class OrgUnitValidity
{
    /// <summary>
    /// The unit existed on at least one day of the period: such a territorial child is expected in its parent's
    /// rollup. Overlap rather than cover, so that a year in which districts were abolished or merged shows them as
    /// missing instead of silently summing fewer children.
    /// </summary>
    public static bool IsValidDuring(DateOnly? validFrom, DateOnly? validTo, Period period) =>
        (validFrom ?? DateOnly.MinValue) <= period.End && period.Start <= (validTo ?? DateOnly.MaxValue);

    /// <summary>The unit existed on every day of the period: only then may values or targets be written for it.</summary>
    public static bool CoversPeriod(DateOnly? validFrom, DateOnly? validTo, Period period) =>
        (validFrom ?? DateOnly.MinValue) <= period.Start && period.End <= (validTo ?? DateOnly.MaxValue);
}
