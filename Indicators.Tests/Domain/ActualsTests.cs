using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

public sealed class ActualsTests
{
    private static StoredValue V(string period, decimal value, ValueStatus status = ValueStatus.Official) =>
        new(Period.Parse(period), value, status);

    private static ResolvedActual? Resolve(Measure measure, string period, params StoredValue[] stored) =>
        Actuals.ResolveOverTime(measure, Period.Parse(period), stored);

    private static string Codes(ResolvedActual actual) => string.Join(' ', actual.DerivedFrom);

    [Theory]
    [InlineData(Measure.Flow)]
    [InlineData(Measure.Stock)]
    [InlineData(Measure.Rate)]
    public void Takes_the_value_stored_for_exactly_the_period_as_reported(Measure measure)
    {
        var actual = Resolve(measure, "2020-S1", V("2020-Q1", 1), V("2020-Q2", 2), V("2020-S1", 7966, ValueStatus.Estimate));

        Assert.Equal(7966, actual!.Value);
        Assert.Equal(ValueStatus.Estimate, actual.Status);
        Assert.Equal(ActualSource.Reported, actual.Source);
        Assert.Empty(actual.DerivedFrom);
    }

    [Fact]
    public void Derives_a_flow_half_year_from_its_two_quarters()
    {
        var actual = Resolve(Measure.Flow, "2020-S1", V("2020-Q1", 3500), V("2020-Q2", 4466));

        Assert.Equal(7966, actual!.Value);
        Assert.Equal(ActualSource.Derived, actual.Source);
        Assert.Equal("2020-Q1 2020-Q2", Codes(actual));
    }

    [Fact]
    public void Derives_a_flow_range_from_its_months()
    {
        var months = Enumerable.Range(1, 9).Select(m => new StoredValue(Period.OfMonth(2020, m), m, ValueStatus.Official)).ToArray();

        var actual = Resolve(Measure.Flow, "2020-M01..M09", months);

        Assert.Equal(45, actual!.Value);
        Assert.Equal(9, actual.DerivedFrom.Count);
        Assert.Equal("2020-M01", actual.DerivedFrom[0].Code);
        Assert.Equal("2020-M09", actual.DerivedFrom[8].Code);
    }

    [Fact]
    public void Derives_a_flow_from_the_fewest_pieces()
    {
        var months = Enumerable.Range(1, 9).Select(m => new StoredValue(Period.OfMonth(2020, m), 1, ValueStatus.Official));
        var stored = months.Concat([V("2020-S1", 100), V("2020-Q3", 20), V("2020-Q1", 30)]).ToArray();

        var actual = Resolve(Measure.Flow, "2020-M01..M09", stored);

        Assert.Equal(120, actual!.Value);
        Assert.Equal("2020-S1 2020-Q3", Codes(actual));
    }

    [Fact]
    public void Breaks_ties_between_equally_few_pieces_by_the_longer_piece_first_whatever_the_order_stored()
    {
        // M01..M04 + M05 and M01 + M02..M05 both take two pieces.
        StoredValue[] stored = [V("2020-M01", 1), V("2020-M02..M05", 10), V("2020-M01..M04", 5), V("2020-M05", 2)];

        var forwards = Resolve(Measure.Flow, "2020-M01..M05", stored);
        var backwards = Resolve(Measure.Flow, "2020-M01..M05", [.. stored.Reverse()]);

        Assert.Equal("2020-M01..M04 2020-M05", Codes(forwards!));
        Assert.Equal(7, forwards!.Value);
        Assert.Equal(forwards.Value, backwards!.Value);
        Assert.Equal(Codes(forwards), Codes(backwards));
    }

    [Fact]
    public void Does_not_derive_a_flow_from_a_partial_tiling()
    {
        Assert.Null(Resolve(Measure.Flow, "2020-S1", V("2020-Q1", 1), V("2020-M04", 1), V("2020-M06", 1)));
    }

    [Fact]
    public void Derives_a_flow_only_from_pieces_inside_the_period_and_of_the_same_year()
    {
        Assert.Null(Resolve(Measure.Flow, "2020-Q1", V("2020-S1", 10), V("2019-Q1", 3)));
        Assert.Null(Resolve(Measure.Flow, "2020-M04", V("2020-Q2", 10)));
    }

    [Fact]
    public void A_derived_actual_has_the_weakest_status_of_its_parts()
    {
        var actual = Resolve(Measure.Flow, "2020",
            V("2020-S1", 1), V("2020-Q3", 1, ValueStatus.Preliminary), V("2020-Q4", 1, ValueStatus.Estimate));

        Assert.Equal(ValueStatus.Estimate, actual!.Status);
        Assert.Equal(3, actual.Value);
    }

    [Fact]
    public void Takes_a_stock_from_the_stored_period_ending_at_the_last_month()
    {
        var actual = Resolve(Measure.Stock, "2020-S1", V("2020-Q1", 3200), V("2020-Q2", 3350, ValueStatus.Preliminary));

        Assert.Equal(3350, actual!.Value);
        Assert.Equal(ValueStatus.Preliminary, actual.Status);
        Assert.Equal(ActualSource.Derived, actual.Source);
        Assert.Equal("2020-Q2", Codes(actual));
    }

    [Fact]
    public void Takes_a_stock_from_the_most_specific_period_ending_at_the_last_month()
    {
        var actual = Resolve(Measure.Stock, "2020", V("2020-S2", 10), V("2020-M12", 12), V("2020-Q4", 11), V("2020-M11", 99));

        Assert.Equal(12, actual!.Value);
        Assert.Equal("2020-M12", Codes(actual));
    }

    [Fact]
    public void Does_not_sum_a_stock_or_take_one_that_ends_elsewhere()
    {
        Assert.Null(Resolve(Measure.Stock, "2020-S1", V("2020-Q1", 1), V("2020-M04", 1), V("2020-M05", 1), V("2019-M06", 1)));
    }

    [Fact]
    public void Never_derives_a_rate()
    {
        Assert.Null(Resolve(Measure.Rate, "2020-S1", V("2020-Q1", 2.5m), V("2020-Q2", 2.9m)));
        Assert.Null(Resolve(Measure.Rate, "2020-S1", V("2020-Q2", 2.9m)));
        Assert.Null(Resolve(Measure.Rate, "2020-S1"));
    }

    private static ResolvedActual A(decimal value, ValueStatus status = ValueStatus.Official) =>
        new(value, status, ActualSource.Reported, []);

    [Fact]
    public void Rolls_children_up_only_when_every_expected_child_has_an_actual()
    {
        var rollup = Actuals.Rollup(Measure.Flow, [A(100), null, A(250)]);

        Assert.Equal(new ChildrenCoverage(2, 3, 350), rollup.Coverage);
        Assert.Null(rollup.Actual);
    }

    [Fact]
    public void Sums_all_children_as_the_parents_actual_with_the_weakest_status()
    {
        var rollup = Actuals.Rollup(Measure.Stock, [A(100), A(250, ValueStatus.Preliminary), A(0.5m)]);

        Assert.Equal(new ChildrenCoverage(3, 3, 350.5m), rollup.Coverage);
        Assert.Equal(350.5m, rollup.Actual!.Value);
        Assert.Equal(ValueStatus.Preliminary, rollup.Actual.Status);
        Assert.Equal(ActualSource.Children, rollup.Actual.Source);
        Assert.Empty(rollup.Actual.DerivedFrom);
    }

    [Fact]
    public void Has_no_total_when_no_child_reported_or_there_are_no_children()
    {
        Assert.Equal(new ChildrenRollup(new ChildrenCoverage(0, 2, null), null), Actuals.Rollup(Measure.Flow, [null, null]));
        Assert.Equal(new ChildrenRollup(new ChildrenCoverage(0, 0, null), null), Actuals.Rollup(Measure.Flow, []));
    }

    [Fact]
    public void Never_sums_a_rate_over_children()
    {
        var rollup = Actuals.Rollup(Measure.Rate, [A(2.5m), A(3.1m)]);

        Assert.Equal(new ChildrenCoverage(2, 2, null), rollup.Coverage);
        Assert.Null(rollup.Actual);
    }

    [Fact]
    public void The_units_own_actual_wins_over_its_childrens_sum()
    {
        IReadOnlyCollection<StoredValue>[] children = [[V("2020-S1", 100)], [V("2020-Q1", 20), V("2020-Q2", 30)]];

        var own = Actuals.Resolve(Measure.Flow, Period.Parse("2020-S1"), [V("2020-Q1", 60), V("2020-Q2", 80)], children);
        var fromChildren = Actuals.Resolve(Measure.Flow, Period.Parse("2020-S1"), [V("2020-Q1", 60)], children);

        Assert.Equal(140, own.Actual!.Value);
        Assert.Equal(ActualSource.Derived, own.Actual.Source);
        Assert.Equal(new ChildrenCoverage(2, 2, 150), own.Children);
        Assert.Equal(150, fromChildren.Actual!.Value);
        Assert.Equal(ActualSource.Children, fromChildren.Actual.Source);
    }

    [Fact]
    public void A_unit_without_territorial_children_has_no_children_coverage()
    {
        var result = Actuals.Resolve(Measure.Flow, Period.Parse("2020-S1"), [], null);

        Assert.Equal(new UnitActual(null, null), result);
    }

    [Theory]
    [InlineData(null, null, true, true)]
    [InlineData("2020-01-01", null, true, true)]
    [InlineData("2020-03-15", null, true, false)]
    [InlineData("2020-07-01", null, false, false)]
    [InlineData(null, "2020-06-30", true, true)]
    [InlineData(null, "2020-06-29", true, false)]
    [InlineData(null, "2019-12-31", false, false)]
    [InlineData("2020-02-01", "2020-04-30", true, false)]
    public void Validity_overlaps_or_covers_a_period_with_inclusive_dates(string? from, string? to, bool during, bool covers)
    {
        var s1 = Period.Parse("2020-S1");
        DateOnly? validFrom = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        DateOnly? validTo = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(during, OrgUnitValidity.IsValidDuring(validFrom, validTo, s1));
        Assert.Equal(covers, OrgUnitValidity.CoversPeriod(validFrom, validTo, s1));
    }

    /// <summary>
    /// The resolution over time was rewritten without LINQ (the read views resolve every child of a province): on random
    /// stored values — overlapping pieces, several periods sharing a first month, a period stored twice, other years —
    /// it gives exactly what the LINQ formulation of the same rules gave (kept below as the reference), for every
    /// measure and requested period of a year.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Resolution_over_time_equals_the_reference_formulation_on_random_values(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var stored = Enumerable.Range(0, random.Next(0, 14)).Select(_ =>
            {
                var first = random.Next(1, 13);
                var last = random.Next(0, 3) == 0 ? first : random.Next(first, 13);
                return new StoredValue(Period.OfMonths(random.Next(0, 6) == 0 ? 2019 : 2020, first, last),
                    random.Next(-500, 50_000) / 100m, (ValueStatus)random.Next(0, 3));
            }).ToList();
            foreach (var measure in new[] { Measure.Flow, Measure.Stock, Measure.Rate })
            {
                for (var a = 1; a <= 12; a++)
                {
                    for (var b = a; b <= 12; b++)
                    {
                        var requested = Period.OfMonths(2020, a, b);
                        var expected = Reference(measure, requested, stored);
                        var actual = Actuals.ResolveOverTime(measure, requested, stored);
                        Assert.Equal(Describe(expected), Describe(actual));
                    }
                }
            }
        }
    }

    [Fact]
    public void Combining_resolved_pieces_equals_resolving_the_values()
    {
        var s1 = Period.Parse("2020-S1");
        var own = new[] { V("2020-Q1", 1) };
        var children = new IReadOnlyCollection<StoredValue>[] { [V("2020-Q1", 2), V("2020-Q2", 3)], [V("2020-S1", 4, ValueStatus.Estimate)], [] };

        var combined = Actuals.Combine(Measure.Flow, Actuals.ResolveOverTime(Measure.Flow, s1, own),
            children.Select(c => Actuals.ResolveOverTime(Measure.Flow, s1, c)).ToList());

        Assert.Equal(Actuals.Resolve(Measure.Flow, s1, own, children), combined);
        Assert.Equal(new ChildrenCoverage(2, 3, 9m), combined.Children);
    }

    private static string Describe(ResolvedActual? a) =>
        a is null ? "null" : $"{a.Value} {a.Status} {a.Source} {string.Join(' ', a.DerivedFrom)}";

    /// <summary>The LINQ formulation the rules were first written in (Domain/Actuals.cs before the views cached them).</summary>
    private static ResolvedActual? Reference(Measure measure, Period requested, IReadOnlyCollection<StoredValue> stored)
    {
        var exact = stored.Cast<StoredValue?>().FirstOrDefault(v => v!.Value.Period == requested);
        if (exact is { } e)
        {
            return new ResolvedActual(e.Value, e.Status, ActualSource.Reported, []);
        }
        if (measure == Measure.Stock)
        {
            var last = stored.Where(v => v.Period.Year == requested.Year && v.Period.LastMonth == requested.LastMonth).OrderBy(v => v.Period.Months).Cast<StoredValue?>().FirstOrDefault();
            return last is not { } l ? null : new ResolvedActual(l.Value, l.Status, ActualSource.Derived, [l.Period]);
        }
        if (measure != Measure.Flow)
        {
            return null;
        }
        var pieces = stored.Where(v => requested.Contains(v.Period)).DistinctBy(v => v.Period).ToLookup(v => v.Period.FirstMonth);
        int a = requested.FirstMonth, b = requested.LastMonth;
        var fewest = new int?[b + 2];
        var choice = new StoredValue?[b + 2];
        fewest[b + 1] = 0;
        for (var m = b; m >= a; m--)
        {
            foreach (var piece in pieces[m].OrderByDescending(v => v.Period.LastMonth))
            {
                if (fewest[piece.Period.LastMonth + 1] is { } rest && (fewest[m] is null || rest + 1 < fewest[m]))
                {
                    fewest[m] = rest + 1;
                    choice[m] = piece;
                }
            }
        }
        if (fewest[a] is null)
        {
            return null;
        }
        var tiling = new List<StoredValue>();
        for (var m = a; m <= b; m = choice[m]!.Value.Period.LastMonth + 1)
        {
            tiling.Add(choice[m]!.Value);
        }
        return new ResolvedActual(tiling.Sum(v => v.Value), tiling.Select(v => v.Status).Min(), ActualSource.Derived, tiling.Select(v => v.Period).ToList());
    }
}
