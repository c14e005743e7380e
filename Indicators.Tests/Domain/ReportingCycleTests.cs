using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>SPEC "Reporting cycle", one rule per test, on the pure rules the report status and approvals use.</summary>
public sealed class ReportingCycleTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static Period P(string code) => Period.Parse(code);

    private static DateTimeOffset At(int y, int m, int d, int h = 0, int min = 0, int s = 0, int ms = 0) => new(y, m, d, h, min, s, ms, Vietnam);

    private static readonly ScheduleIndicator[] Indicators =
    [
        new("INDUSTRIAL_OUTPUT", "TQ-SCT"), new("RETAIL_SALES", "TQ-SCT"), new("BUDGET_REVENUE", "TQ-STC"), new("GRDP_GROWTH", null),
    ];

    [Theory]
    [InlineData(Frequency.Month, "2024-M03", true)]
    [InlineData(Frequency.Month, "2024-Q1", false)]
    [InlineData(Frequency.Month, "2024-M01..M02", false)]
    [InlineData(Frequency.Quarter, "2024-Q4", true)]
    [InlineData(Frequency.Quarter, "2024-M01..M03", true)] // canonicalised to 2024-Q1
    [InlineData(Frequency.Quarter, "2024-M02..M04", false)]
    [InlineData(Frequency.Half, "2024-S2", true)]
    [InlineData(Frequency.Half, "2024-Q2", false)]
    [InlineData(Frequency.NineMonths, "2024-M01..M09", true)]
    [InlineData(Frequency.NineMonths, "2024-M04..M12", false)] // nine months, but not from January
    [InlineData(Frequency.NineMonths, "2024-Q3", false)]
    [InlineData(Frequency.Year, "2024", true)]
    [InlineData(Frequency.Year, "2024-S1", false)]
    public void The_periods_of_a_schedule_are_those_of_its_frequency(Frequency frequency, string period, bool expected)
    {
        Assert.Equal(expected, ReportingCycle.IsPeriodOf(frequency, P(period)));
    }

    [Fact]
    public void Each_frequency_lists_its_periods_of_a_year()
    {
        Assert.Equal(12, ReportingCycle.PeriodsOf(Frequency.Month, 2024).Count);
        Assert.Equal(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"], ReportingCycle.PeriodsOf(Frequency.Quarter, 2024).Select(p => p.Code));
        Assert.Equal(["2024-S1", "2024-S2"], ReportingCycle.PeriodsOf(Frequency.Half, 2024).Select(p => p.Code));
        Assert.Equal(["2024-M01..M09"], ReportingCycle.PeriodsOf(Frequency.NineMonths, 2024).Select(p => p.Code));
        Assert.Equal(["2024"], ReportingCycle.PeriodsOf(Frequency.Year, 2024).Select(p => p.Code));
        Assert.All(Enum.GetValues<Frequency>(), f => Assert.All(ReportingCycle.PeriodsOf(f, 2024), p => Assert.True(ReportingCycle.IsPeriodOf(f, p))));
    }

    [Fact]
    public void A_period_of_another_frequency_or_outside_the_schedules_validity_is_refused_with_the_reason()
    {
        var monthly = new ScheduleRules(Frequency.Month, Cutoff.Decree09, 2, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));
        Assert.Null(ReportingCycle.RefusePeriod("MONTHLY", monthly, P("2024-M03")));
        Assert.Equal("MONTHLY is a month schedule: its periods are a month such as 2024-M03, not 2024-Q1.", ReportingCycle.RefusePeriod("MONTHLY", monthly, P("2024-Q1")));
        Assert.Equal("MONTHLY applies only from 2024-01-01 until 2024-12-31; 2023-M12 (2023-12-01 to 2023-12-31) is outside it.",
            ReportingCycle.RefusePeriod("MONTHLY", monthly, P("2023-M12")));
        // Valid on one day of the period is enough, as for reporters.
        Assert.Null(ReportingCycle.RefusePeriod("Y", new ScheduleRules(Frequency.Year, Cutoff.Calendar, 0, new DateOnly(2024, 12, 31)), P("2024")));
        Assert.Contains("the nine months from January, 2024-M01..M09", ReportingCycle.RefusePeriod("NINE", new ScheduleRules(Frequency.NineMonths, Cutoff.Calendar, 0), P("2024-Q3")));
    }

    [Fact]
    public void The_due_date_is_the_cut_off_date_plus_the_due_days_as_in_the_spec()
    {
        // SPEC: decree-09, dueDays 2, 2024-M03 → 2024-03-16; calendar, dueDays 10, 2024-Q1 → 2024-04-10.
        Assert.Equal(new DateOnly(2024, 3, 16), ReportingCycle.DueDate(new ScheduleRules(Frequency.Month, Cutoff.Decree09, 2), P("2024-M03")));
        Assert.Equal(new DateOnly(2024, 4, 10), ReportingCycle.DueDate(new ScheduleRules(Frequency.Quarter, Cutoff.Calendar, 10), P("2024-Q1")));
    }

    [Theory]
    [InlineData(Cutoff.Calendar, "2024-M02", "2024-02-29")] // a leap year's February
    [InlineData(Cutoff.Calendar, "2023-M02", "2023-02-28")]
    [InlineData(Cutoff.Calendar, "2024-S1", "2024-06-30")]
    [InlineData(Cutoff.Calendar, "2024-M01..M09", "2024-09-30")]
    [InlineData(Cutoff.Calendar, "2024", "2024-12-31")]
    [InlineData(Cutoff.Decree09, "2024-M02", "2024-02-14")]
    [InlineData(Cutoff.Decree09, "2024-Q1", "2024-03-14")]
    [InlineData(Cutoff.Decree09, "2020-S1", "2020-06-14")]
    [InlineData(Cutoff.Decree09, "2024-M01..M09", "2024-09-14")]
    [InlineData(Cutoff.Decree09, "2024", "2024-12-14")]
    public void The_cut_off_is_the_periods_last_day_or_the_14th_of_its_last_month(Cutoff cutoff, string period, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReportingCycle.CutoffDate(cutoff, P(period)));
    }

    [Fact]
    public void Due_days_run_across_months_and_years_and_zero_means_the_cut_off_date_itself()
    {
        Assert.Equal(new DateOnly(2025, 3, 31), ReportingCycle.DueDate(new ScheduleRules(Frequency.Year, Cutoff.Calendar, 90), P("2024")));
        Assert.Equal(new DateOnly(2024, 12, 14), ReportingCycle.DueDate(new ScheduleRules(Frequency.Year, Cutoff.Decree09, 0), P("2024")));
        Assert.Equal(new DateOnly(2101, 1, 30), ReportingCycle.DueDate(new ScheduleRules(Frequency.Month, Cutoff.Calendar, 30), P("2100-M12")));
    }

    [Fact]
    public void A_district_or_the_city_is_expected_to_send_every_indicator_for_itself()
    {
        var district = new Reporter("TQ-SD", OrgUnitKind.District, null, null, "TQ");
        Assert.Equal(
            [new ValueKey("INDUSTRIAL_OUTPUT", "TQ-SD"), new("RETAIL_SALES", "TQ-SD"), new("BUDGET_REVENUE", "TQ-SD"), new("GRDP_GROWTH", "TQ-SD")],
            ReportingCycle.ExpectedKeys(district, Indicators));
        Assert.Equal(4, ReportingCycle.ExpectedKeys(district with { Code = "TQ-TP", Kind = OrgUnitKind.City }, Indicators).Count);
    }

    [Fact]
    public void A_department_is_expected_to_send_the_province_level_figure_of_the_indicators_it_is_responsible_for()
    {
        var sct = new Reporter("TQ-SCT", OrgUnitKind.Department, null, null, "TQ");
        Assert.Equal([new ValueKey("INDUSTRIAL_OUTPUT", "TQ"), new("RETAIL_SALES", "TQ")], ReportingCycle.ExpectedKeys(sct, Indicators));
        Assert.Equal([new ValueKey("BUDGET_REVENUE", "TQ")], ReportingCycle.ExpectedKeys(sct with { Code = "TQ-STC" }, Indicators));
        Assert.Empty(ReportingCycle.ExpectedKeys(sct with { Code = "TQ-SGDDT" }, Indicators));
        // Without a province above it there is no province-level figure to send.
        Assert.Empty(ReportingCycle.ExpectedKeys(sct with { Province = null }, Indicators));
    }

    [Fact]
    public void A_reporter_expected_to_send_nothing_is_refused_with_the_reason()
    {
        var rules = new ScheduleRules(Frequency.Half, Cutoff.Decree09, 6, new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31));
        Assert.Null(ReportingCycle.RefuseReporter(new Reporter("TQ-SD", OrgUnitKind.District, null, new DateOnly(2025, 6, 30), "TQ"), Indicators, rules));
        Assert.Null(ReportingCycle.RefuseReporter(new Reporter("TQ-SCT", OrgUnitKind.Department, null, null, "TQ"), Indicators, rules));
        Assert.StartsWith("TQ is a province", ReportingCycle.RefuseReporter(new Reporter("TQ", OrgUnitKind.Province, null, null, "TQ"), Indicators, rules));
        Assert.StartsWith("TQ-SGDDT is responsible for none of the indicators of the schedule",
            ReportingCycle.RefuseReporter(new Reporter("TQ-SGDDT", OrgUnitKind.Department, null, null, "TQ"), Indicators, rules));
        Assert.StartsWith("TQ-BQL is responsible for none", ReportingCycle.RefuseReporter(new Reporter("TQ-BQL", OrgUnitKind.Board, null, null, "TQ"), Indicators, rules));
        Assert.Equal("TQ-OLD exists on no day the schedule applies (… to 2019-12-31 against 2020-01-01 to 2020-12-31), so it would be expected to send nothing.",
            ReportingCycle.RefuseReporter(new Reporter("TQ-OLD", OrgUnitKind.District, null, new DateOnly(2019, 12, 31), "TQ"), Indicators, rules));
    }

    [Theory]
    [InlineData("2025-S1", true)]
    [InlineData("2025", true)] // valid on at least one day of the year
    [InlineData("2025-M06", true)]
    [InlineData("2025-M07", false)]
    [InlineData("2025-S2", false)]
    public void Only_reporters_valid_on_at_least_one_day_of_the_period_are_expected(string period, bool expected)
    {
        var abolished = new Reporter("TQ-SD", OrgUnitKind.District, null, new DateOnly(2025, 6, 30), "TQ");
        Assert.Equal(expected, ReportingCycle.IsExpectedDuring(abolished, P(period)));
    }

    private static readonly ValueKey[] Keys = [new("INDUSTRIAL_OUTPUT", "TQ-SD"), new("RETAIL_SALES", "TQ-SD"), new("BUDGET_REVENUE", "TQ-SD")];
    private static readonly DateOnly Due = new(2024, 3, 16);

    private static Dictionary<ValueKey, DateTimeOffset> Written(params DateTimeOffset[] times) =>
        Keys.Zip(times).ToDictionary(x => x.First, x => x.Second);

    [Fact]
    public void Completeness_counts_the_expected_keys_that_have_a_value_and_lists_the_others_in_order()
    {
        var status = ReportingCycle.Status(Keys, new Dictionary<ValueKey, DateTimeOffset> { [Keys[1]] = At(2024, 3, 10), [new("OTHER", "TQ-SD")] = At(2024, 3, 1) }, Due, At(2024, 3, 12));
        Assert.Equal(3, status.Expected);
        Assert.Equal(1, status.Received);
        Assert.Equal([Keys[0], Keys[2]], status.Missing);
        Assert.False(status.Complete);
        Assert.Null(status.CompletedAt);
    }

    [Fact]
    public void A_complete_report_was_completed_when_its_last_key_was_first_received()
    {
        var status = ReportingCycle.Status(Keys, Written(At(2024, 3, 10), At(2024, 3, 14, 9), At(2024, 3, 2)), Due, At(2024, 6, 1));
        Assert.True(status.Complete);
        Assert.Equal(3, status.Received);
        Assert.Empty(status.Missing);
        Assert.Equal(At(2024, 3, 14, 9), status.CompletedAt);
        Assert.Equal(Timeliness.OnTime, status.Timeliness);
    }

    [Fact]
    public void On_time_means_complete_by_the_end_of_the_due_date_in_Vietnam()
    {
        var lastMoment = At(2024, 3, 16, 23, 59, 59, 999);
        Assert.Equal(Timeliness.OnTime, ReportingCycle.Status(Keys, Written(At(2024, 3, 1), At(2024, 3, 1), lastMoment), Due, At(2025, 1, 1)).Timeliness);
        Assert.Equal(Timeliness.Late, ReportingCycle.Status(Keys, Written(At(2024, 3, 1), At(2024, 3, 1), At(2024, 3, 17)), Due, At(2025, 1, 1)).Timeliness);
        // The same instants in UTC: the due date ends at 17:00 UTC.
        var utc = TimeSpan.Zero;
        Assert.Equal(Timeliness.OnTime, ReportingCycle.Status(Keys, Written(At(2024, 3, 1), At(2024, 3, 1), new DateTimeOffset(2024, 3, 16, 16, 59, 59, utc)), Due, At(2025, 1, 1)).Timeliness);
        Assert.Equal(Timeliness.Late, ReportingCycle.Status(Keys, Written(At(2024, 3, 1), At(2024, 3, 1), new DateTimeOffset(2024, 3, 16, 17, 0, 0, utc)), Due, At(2025, 1, 1)).Timeliness);
    }

    [Fact]
    public void An_incomplete_report_is_open_until_the_end_of_its_due_date_then_overdue()
    {
        var partial = new Dictionary<ValueKey, DateTimeOffset> { [Keys[0]] = At(2024, 3, 2) };
        Assert.Equal(Timeliness.Open, ReportingCycle.Status(Keys, partial, Due, At(2024, 3, 1)).Timeliness);
        Assert.Equal(Timeliness.Open, ReportingCycle.Status(Keys, partial, Due, At(2024, 3, 16, 23, 59, 59, 999)).Timeliness);
        Assert.Equal(Timeliness.Overdue, ReportingCycle.Status(Keys, partial, Due, At(2024, 3, 17)).Timeliness);
        Assert.Equal(Timeliness.Overdue, ReportingCycle.Status(Keys, new Dictionary<ValueKey, DateTimeOffset>(), Due, new DateTimeOffset(2024, 3, 16, 17, 0, 0, TimeSpan.Zero)).Timeliness);
        // Completing it late makes it late, whatever "now" is.
        var status = ReportingCycle.Status(Keys, Written(At(2024, 3, 2), At(2024, 3, 20), At(2024, 3, 2)), Due, At(2024, 3, 21));
        Assert.Equal((true, Timeliness.Late), (status.Complete, status.Timeliness));
    }

    [Fact]
    public void The_summary_counts_reports_and_rounds_both_rates_half_away_from_zero()
    {
        static ReportStatus Of(Timeliness t) => new(1, t is Timeliness.OnTime or Timeliness.Late ? 1 : 0, [], t is Timeliness.OnTime or Timeliness.Late, null, t);

        var summary = ReportingCycle.Summarize([(Of(Timeliness.OnTime), true), (Of(Timeliness.Late), false), (Of(Timeliness.Overdue), false)]);
        Assert.Equal(new ReportSummary(3, 2, 1, 1, 1, 0, 1, 66.67m, 33.33m), summary);

        // 1 of 800 is 0.125 %: half away from zero gives 0.13 (banker's rounding would give 0.12).
        var many = Enumerable.Repeat((Of(Timeliness.Open), false), 799).Append((Of(Timeliness.OnTime), false));
        var rates = ReportingCycle.Summarize(many);
        Assert.Equal((800, 1, 1, 799, 0.13m, 0.13m), (rates.Expected, rates.Complete, rates.OnTime, rates.Open, rates.CompletenessPercent, rates.TimelinessPercent));

        Assert.Equal(new ReportSummary(0, 0, 0, 0, 0, 0, 0, null, null), ReportingCycle.Summarize([]));
        Assert.Equal(100m, ReportingCycle.Summarize([(Of(Timeliness.OnTime), false)]).TimelinessPercent);
    }
}
