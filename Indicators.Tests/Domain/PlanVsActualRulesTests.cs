using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

public sealed class PlanVsActualRulesTests
{
    private static readonly Period S1 = Period.Parse("2020-S1");
    private static readonly Period Year2020 = Period.OfYear(2020);

    private static IndicatorRules Flow(int decimals = 0, Direction direction = Direction.Increase) =>
        new(Measure.Flow, direction, decimals);

    private static ResolvedActual Reported(decimal value, ValueStatus status = ValueStatus.Estimate) =>
        new(value, status, ActualSource.Reported, []);

    private static StoredTarget Plan(decimal value, Period? period = null, Comparison comparison = Comparison.AtLeast) =>
        new(period ?? Year2020, TargetKind.Plan, value, comparison);

    private static PlanVsActualFigures Compute(
        IndicatorRules indicator, decimal? actual, StoredTarget? target, decimal? previousYear = null, Period? requested = null) =>
        PlanVsActual.Compute(
            indicator, requested ?? S1, actual is { } a ? Reported(a) : null, null, target,
            previousYear is { } p ? Reported(p, ValueStatus.Official) : null);

    [Fact]
    public void Reproduces_the_industrial_output_check_of_the_source_document()
    {
        // "Giá trị sản xuất công nghiệp 6 tháng đầu năm đạt 7.966 tỷ đồng, bằng 44,2% kế hoạch, tăng 6% so với cùng kỳ"
        var figures = Compute(Flow(decimals: 0), 7966, Plan(18029), previousYear: 7515);

        Assert.Equal(7966, figures.Actual);
        Assert.Equal(ValueStatus.Estimate, figures.ActualStatus);
        Assert.Equal(ActualSource.Reported, figures.ActualSource);
        Assert.Empty(figures.DerivedFrom);
        Assert.Null(figures.Children);
        Assert.Equal(18029, figures.Target);
        Assert.Equal(Year2020, figures.TargetPeriod);
        Assert.Equal(Comparison.AtLeast, figures.Comparison);
        Assert.Equal(44.18m, figures.PercentOfTarget);
        Assert.Equal(-10063, figures.Difference);
        Assert.Equal(10063, figures.Remaining);
        Assert.Equal(50, figures.ElapsedPercent);
        Assert.Equal(1677, figures.RequiredMonthlyAverage);
        Assert.Equal(7515, figures.PreviousYear);
        Assert.Equal(6.00m, figures.ChangeFromPreviousYearPercent);
        Assert.Equal(Assessment.Behind, figures.Assessment);
    }

    [Fact]
    public void Rounds_the_required_monthly_average_to_the_indicators_decimals()
    {
        Assert.Equal(1677.17m, Compute(Flow(decimals: 2), 7966, Plan(18029)).RequiredMonthlyAverage);
    }

    private static decimal? D(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    // Source document, 2020-S1 against the 2020 plan: retail sales, exports, tourists, budget revenue.
    // Decimals are written as text because attributes cannot hold them.
    [InlineData("10267", "36150", "10095", "28.40", "1.70")]
    [InlineData("42", "135.5", "40", "31.00", "5.00")]
    [InlineData("549500", "2043500", "1248900", "26.89", "-56.00")]
    [InlineData("961.1", "2310", null, "41.61", null)]
    public void Reproduces_the_other_figures_of_the_source_document(
        string actual, string plan, string? previousYear, string percent, string? change)
    {
        var figures = Compute(Flow(decimals: 1), D(actual), Plan(D(plan)!.Value), D(previousYear));

        Assert.Equal(D(percent), figures.PercentOfTarget);
        Assert.Equal(D(change), figures.ChangeFromPreviousYearPercent);
        Assert.Equal(50, figures.ElapsedPercent);
        Assert.Equal(Assessment.Behind, figures.Assessment);
    }

    [Fact]
    public void Prefers_a_target_for_exactly_the_period_over_the_annual_one()
    {
        StoredTarget[] targets =
        [
            Plan(18029),
            Plan(8000, S1),
            new(S1, TargetKind.Commitment, 7000, Comparison.AtLeast),
            Plan(1, Period.Parse("2021-S1")),
        ];

        var exact = PlanVsActual.FindTarget(TargetKind.Plan, S1, targets);
        var annual = PlanVsActual.FindTarget(TargetKind.Plan, Period.Parse("2020-Q3"), targets);
        var none = PlanVsActual.FindTarget(TargetKind.Resolution, S1, targets);

        Assert.Equal(8000, exact!.Value);
        Assert.Equal(S1, exact.Period);
        Assert.Equal(18029, annual!.Value);
        Assert.Equal(Year2020, annual.Period);
        Assert.Null(none);
    }

    [Fact]
    public void A_target_for_exactly_the_period_is_wholly_elapsed()
    {
        var figures = Compute(Flow(), 7966, Plan(8000, S1));

        Assert.Equal(100, figures.ElapsedPercent);
        Assert.Equal(99.58m, figures.PercentOfTarget);
        Assert.Equal(34, figures.Remaining);
        Assert.Null(figures.RequiredMonthlyAverage);
        Assert.Equal(Assessment.Behind, figures.Assessment);
    }

    [Theory]
    [InlineData("2020-Q1", "25")]
    [InlineData("2020-M01..M09", "75")]
    [InlineData("2020-M07", "58.33")]
    [InlineData("2020", "100")]
    public void Elapsed_percent_counts_the_target_periods_months_up_to_the_requested_last_month(string requested, string elapsed)
    {
        var figures = Compute(Flow(), 1, Plan(100), requested: Period.Parse(requested));

        Assert.Equal(D(elapsed), figures.ElapsedPercent);
    }

    [Fact]
    public void A_flow_ahead_of_time_is_on_track()
    {
        Assert.Equal(Assessment.OnTrack, Compute(Flow(), 9015, Plan(18029)).Assessment);
        Assert.Equal(Assessment.Behind, Compute(Flow(), 9010, Plan(18029)).Assessment);
    }

    [Fact]
    public void Compares_the_rounded_percentages_shown_in_the_row()
    {
        // 9014 / 18029 = 49.997 %, shown as 50.00 beside an elapsed 50.00: on track, as a reader of the row would judge.
        var figures = Compute(Flow(), 9014, Plan(18029));

        Assert.Equal(50.00m, figures.PercentOfTarget);
        Assert.Equal(Assessment.OnTrack, figures.Assessment);
    }

    [Fact]
    public void A_flow_past_its_target_has_achieved_it()
    {

        var achieved = Compute(Flow(), 18500, Plan(18029));
        Assert.Equal(Assessment.Achieved, achieved.Assessment);
        Assert.Equal(0, achieved.Remaining);
        Assert.Equal(0, achieved.RequiredMonthlyAverage);
        Assert.Equal(471, achieved.Difference);
    }

    [Theory]
    [InlineData(Measure.Stock)]
    [InlineData(Measure.Rate)]
    public void Only_flows_can_be_on_track(Measure measure)
    {
        var figures = Compute(new IndicatorRules(measure, Direction.Increase, 1), 99, Plan(100));

        Assert.Equal(99, figures.PercentOfTarget);
        Assert.Equal(Assessment.Behind, figures.Assessment);
    }

    [Fact]
    public void An_at_most_target_of_a_decrease_indicator_is_achieved_when_below_it()
    {
        // E.g. the poverty rate at most 2.5% for the year, seen at the year's end.
        var rate = new IndicatorRules(Measure.Rate, Direction.Decrease, 2);

        var below = Compute(rate, 2.1m, Plan(2.5m, comparison: Comparison.AtMost), requested: Year2020);
        var above = Compute(rate, 2.7m, Plan(2.5m, comparison: Comparison.AtMost), requested: Year2020);

        Assert.Equal(Assessment.Achieved, below.Assessment);
        Assert.Equal(0, below.Remaining);
        Assert.Equal(-0.4m, below.Difference);
        Assert.Equal(84, below.PercentOfTarget);
        Assert.Equal(Assessment.Behind, above.Assessment);
        Assert.Equal(0, above.Remaining);
    }

    [Fact]
    public void An_at_most_flow_is_on_track_while_it_uses_its_cap_no_faster_than_time_passes()
    {
        // A cap of 100 traffic accidents for 2020, seen at 2020-S1 (50% elapsed).
        var accidents = Flow(direction: Direction.Decrease);
        var cap = Plan(100, comparison: Comparison.AtMost);

        Assert.Equal(Assessment.OnTrack, Compute(accidents, 40, cap).Assessment);
        Assert.Equal(Assessment.OnTrack, Compute(accidents, 50, cap).Assessment);
        Assert.Equal(Assessment.Behind, Compute(accidents, 60, cap).Assessment);
        Assert.Equal(Assessment.Behind, Compute(accidents, 120, cap).Assessment);
        Assert.Equal(Assessment.Achieved, Compute(accidents, 95, cap, requested: Year2020).Assessment);
        Assert.Equal(0, Compute(accidents, 40, cap).Remaining);
    }

    [Fact]
    public void Percent_of_target_is_null_when_the_target_is_zero()
    {
        var figures = Compute(Flow(), 5, Plan(0));

        Assert.Null(figures.PercentOfTarget);
        Assert.Equal(5, figures.Difference);
        Assert.Equal(Assessment.Achieved, figures.Assessment);
    }

    [Fact]
    public void Change_from_previous_year_is_null_when_the_previous_year_is_missing_or_zero()
    {
        Assert.Null(Compute(Flow(), 5, Plan(10), previousYear: 0).ChangeFromPreviousYearPercent);
        Assert.Null(Compute(Flow(), 5, Plan(10)).ChangeFromPreviousYearPercent);
        Assert.Null(Compute(Flow(), 5, Plan(10)).PreviousYear);
    }

    [Fact]
    public void Without_an_actual_only_the_target_figures_remain()
    {
        var figures = Compute(Flow(), null, Plan(18029), previousYear: 7515);

        Assert.Equal(Assessment.NoData, figures.Assessment);
        Assert.Null(figures.Actual);
        Assert.Null(figures.ActualStatus);
        Assert.Null(figures.ActualSource);
        Assert.Empty(figures.DerivedFrom);
        Assert.Null(figures.PercentOfTarget);
        Assert.Null(figures.Difference);
        Assert.Null(figures.Remaining);
        Assert.Null(figures.RequiredMonthlyAverage);
        Assert.Null(figures.ChangeFromPreviousYearPercent);
        Assert.Equal(18029, figures.Target);
        Assert.Equal(50, figures.ElapsedPercent);
        Assert.Equal(7515, figures.PreviousYear);
    }

    [Fact]
    public void Without_a_target_only_the_actual_figures_remain()
    {
        var figures = Compute(Flow(), 7966, null, previousYear: 7515);

        Assert.Equal(Assessment.NoTarget, figures.Assessment);
        Assert.Null(figures.Target);
        Assert.Null(figures.TargetPeriod);
        Assert.Null(figures.Comparison);
        Assert.Null(figures.PercentOfTarget);
        Assert.Null(figures.Difference);
        Assert.Null(figures.Remaining);
        Assert.Null(figures.ElapsedPercent);
        Assert.Null(figures.RequiredMonthlyAverage);
        Assert.Equal(6.00m, figures.ChangeFromPreviousYearPercent);
    }

    [Fact]
    public void Passes_a_derived_actual_and_the_children_coverage_through()
    {
        var derived = new ResolvedActual(7966, ValueStatus.Preliminary, ActualSource.Derived, [Period.Parse("2020-Q1"), Period.Parse("2020-Q2")]);
        var children = new ChildrenCoverage(8, 9, 7000);

        var figures = PlanVsActual.Compute(Flow(), S1, derived, children, Plan(18029), null);

        Assert.Equal(ActualSource.Derived, figures.ActualSource);
        Assert.Equal(ValueStatus.Preliminary, figures.ActualStatus);
        Assert.Equal("2020-Q1 2020-Q2", string.Join(' ', figures.DerivedFrom));
        Assert.Same(children, figures.Children);
    }

    [Fact]
    public void Rounds_percentages_half_away_from_zero()
    {
        // 1.00125 / 1 → 100.125 % → 100.13; 0.99875 → −0.125 % change → −0.13.
        var figures = Compute(Flow(decimals: 4), 1.00125m, Plan(1), previousYear: 1.0025m);

        Assert.Equal(100.13m, figures.PercentOfTarget);
        Assert.Equal(-0.12m, figures.ChangeFromPreviousYearPercent);
        Assert.Equal(-0.13m, Compute(Flow(decimals: 4), 0.99875m, Plan(1), previousYear: 1).ChangeFromPreviousYearPercent);
    }
}
