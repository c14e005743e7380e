using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

public sealed class VocabularyTests
{
    [Fact]
    public void Spells_every_enum_as_the_spec_does()
    {
        Assert.Equal(["flow", "stock", "rate"], WireNames.All<Measure>());
        Assert.Equal(["increase", "decrease"], WireNames.All<Direction>());
        Assert.Equal(["atLeast", "atMost"], WireNames.All<Comparison>());
        Assert.Equal(["estimate", "preliminary", "official"], WireNames.All<ValueStatus>());
        Assert.Equal(["plan", "resolution", "commitment"], WireNames.All<TargetKind>());
        Assert.Equal(["province", "district", "city", "department", "board"], WireNames.All<OrgUnitKind>());
        Assert.Equal(["reported", "derived", "children"], WireNames.All<ActualSource>());
        Assert.Equal(["no-data", "no-target", "achieved", "on-track", "behind"], WireNames.All<Assessment>());
        Assert.Equal(["year", "half", "quarter", "month", "range"], WireNames.All<PeriodType>());
        Assert.Equal(["month", "quarter", "half", "nine-months", "year"], WireNames.All<Frequency>());
        Assert.Equal(["calendar", "decree-09"], WireNames.All<Cutoff>());
        Assert.Equal(["on-time", "late", "overdue", "open"], WireNames.All<Timeliness>());
        Assert.Equal(["approved", "reopened"], WireNames.All<ApprovalAction>());
    }

    [Fact]
    public void Every_member_of_every_enum_round_trips_through_its_wire_name()
    {
        AssertRoundTrips<Measure>();
        AssertRoundTrips<Direction>();
        AssertRoundTrips<Comparison>();
        AssertRoundTrips<ValueStatus>();
        AssertRoundTrips<TargetKind>();
        AssertRoundTrips<OrgUnitKind>();
        AssertRoundTrips<ActualSource>();
        AssertRoundTrips<Assessment>();
        AssertRoundTrips<PeriodType>();
        AssertRoundTrips<Frequency>();
        AssertRoundTrips<Cutoff>();
        AssertRoundTrips<Timeliness>();
        AssertRoundTrips<ApprovalAction>();
    }

    private static void AssertRoundTrips<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(WireNames.TryParse<T>(WireNames.ToWire(value), out var parsed));
            Assert.Equal(value, parsed);
        }
        Assert.Equal(Enum.GetValues<T>().Length, WireNames.All<T>().Distinct().Count());
    }

    [Theory]
    [InlineData("AtLeast")]
    [InlineData("atleast")]
    [InlineData("at-least")]
    [InlineData(" atLeast")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void Parses_wire_names_exactly_and_case_sensitively(string? text)
    {
        Assert.False(WireNames.TryParse<Comparison>(text, out _));
    }

    [Fact]
    public void Refuses_to_spell_an_undefined_member()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.ToWire((Measure)42));
        Assert.Equal("on-track", WireNames.ToWire(Assessment.OnTrack));
    }

    [Fact]
    public void Only_districts_and_the_city_are_territorial()
    {
        Assert.Equal(
            [OrgUnitKind.District, OrgUnitKind.City],
            Enum.GetValues<OrgUnitKind>().Where(k => k.IsTerritorial()));
    }

    [Fact]
    public void Flows_and_stocks_are_summable_rates_are_not()
    {
        Assert.True(Measure.Flow.IsSummable());
        Assert.True(Measure.Stock.IsSummable());
        Assert.False(Measure.Rate.IsSummable());
    }

    [Fact]
    public void Statuses_are_ordered_weakest_to_strongest()
    {
        Assert.Equal(ValueStatus.Estimate, new[] { ValueStatus.Official, ValueStatus.Estimate, ValueStatus.Preliminary }.Weakest());
        Assert.Equal(ValueStatus.Preliminary, new[] { ValueStatus.Official, ValueStatus.Preliminary }.Weakest());
    }

    [Fact]
    public void Comparison_defaults_to_at_least_for_increase_and_at_most_for_decrease()
    {
        Assert.Equal(Comparison.AtLeast, PlanVsActual.DefaultComparison(Direction.Increase));
        Assert.Equal(Comparison.AtMost, PlanVsActual.DefaultComparison(Direction.Decrease));
    }
}

public sealed class RoundingTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0.125", "0.13")]
    [InlineData("-0.125", "-0.13")]
    [InlineData("0.135", "0.14")]
    [InlineData("44.1844", "44.18")]
    [InlineData("2.5", "2.50")]
    public void Rounds_percentages_half_away_from_zero_to_two_decimals(string value, string expected)
    {
        Assert.Equal(D(expected), Rounding.Percent(D(value)));
    }

    [Theory]
    [InlineData("2.5", 0, "3")]
    [InlineData("-2.5", 0, "-3")]
    [InlineData("1677.1666", 0, "1677")]
    [InlineData("1677.1666", 2, "1677.17")]
    [InlineData("0.00005", 4, "0.0001")]
    public void Rounds_amounts_half_away_from_zero_to_the_indicators_decimals(string value, int decimals, string expected)
    {
        Assert.Equal(D(expected), Rounding.Amount(D(value), decimals));
    }

    [Theory]
    [InlineData("961.1", 1, true)]
    [InlineData("961.10", 1, true)]
    [InlineData("961.15", 1, false)]
    [InlineData("7966", 0, true)]
    [InlineData("7966.5", 0, false)]
    public void Tells_whether_a_value_fits_the_indicators_decimals(string value, int decimals, bool fits)
    {
        Assert.Equal(fits, Rounding.HasAtMostDecimals(D(value), decimals));
    }
}
