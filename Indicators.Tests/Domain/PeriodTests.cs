using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2020", 1, 12, PeriodType.Year)]
    [InlineData("2020-S1", 1, 6, PeriodType.Half)]
    [InlineData("2020-S2", 7, 12, PeriodType.Half)]
    [InlineData("2020-Q1", 1, 3, PeriodType.Quarter)]
    [InlineData("2020-Q2", 4, 6, PeriodType.Quarter)]
    [InlineData("2020-Q3", 7, 9, PeriodType.Quarter)]
    [InlineData("2020-Q4", 10, 12, PeriodType.Quarter)]
    [InlineData("2020-M01", 1, 1, PeriodType.Month)]
    [InlineData("2020-M09", 9, 9, PeriodType.Month)]
    [InlineData("2020-M12", 12, 12, PeriodType.Month)]
    [InlineData("2020-M01..M09", 1, 9, PeriodType.Range)]
    [InlineData("2020-M02..M12", 2, 12, PeriodType.Range)]
    [InlineData("2020-M04..M05", 4, 5, PeriodType.Range)]
    [InlineData("2020-M02..M04", 2, 4, PeriodType.Range)]
    [InlineData("2000", 1, 12, PeriodType.Year)]
    [InlineData("2100-M12", 12, 12, PeriodType.Month)]
    public void Parses_every_canonical_code_and_prints_it_back(string code, int first, int last, PeriodType type)
    {
        var period = Period.Parse(code);

        Assert.Equal(int.Parse(code[..4]), period.Year);
        Assert.Equal(first, period.FirstMonth);
        Assert.Equal(last, period.LastMonth);
        Assert.Equal(last - first + 1, period.Months);
        Assert.Equal(type, period.Type);
        Assert.Equal(code, period.Code);
        Assert.Equal(code, period.ToString());
    }

    [Theory]
    [InlineData("2020-M01..M06", "2020-S1")]
    [InlineData("2020-M07..M12", "2020-S2")]
    [InlineData("2020-M01..M03", "2020-Q1")]
    [InlineData("2020-M07..M09", "2020-Q3")]
    [InlineData("2020-M10..M12", "2020-Q4")]
    [InlineData("2020-M01..M12", "2020")]
    [InlineData("2020-M05..M05", "2020-M05")]
    [InlineData("2020-q1", "2020-Q1")]
    [InlineData("2020-s2", "2020-S2")]
    [InlineData("2020-m01..m09", "2020-M01..M09")]
    [InlineData("  2020-Q1\t", "2020-Q1")]
    public void Canonicalises_a_range_equal_to_a_named_period_and_lower_case_and_surrounding_blanks(string text, string canonical)
    {
        var period = Period.Parse(text);

        Assert.Equal(canonical, period.Code);
        Assert.Equal(Period.Parse(canonical), period);
    }

    [Theory]
    [InlineData("2020-Q5", "'2020-Q5' is not a period code: quarters are Q1 to Q4.")]
    [InlineData("2020-Q0", "'2020-Q0' is not a period code: quarters are Q1 to Q4.")]
    [InlineData("2020-M13", "'2020-M13' is not a period code: months are M01 to M12.")]
    [InlineData("2020-M00", "'2020-M00' is not a period code: months are M01 to M12.")]
    [InlineData("2020-M01..M13", "'2020-M01..M13' is not a period code: months are M01 to M12.")]
    [InlineData("2020-M09..M03", "'2020-M09..M03' is not a period code: a month range must not end before it starts.")]
    [InlineData("1999", "'1999' is not a period code: years are 2000 to 2100.")]
    [InlineData("2101", "'2101' is not a period code: years are 2000 to 2100.")]
    [InlineData("2020-S3", "'2020-S3' is not a period code: halves are S1 and S2.")]
    [InlineData("20-Q1", "'20-Q1' is not a period code: the year must have four digits.")]
    [InlineData("2020-M1", "'2020-M1' is not a period code: months have two digits, M01 to M12.")]
    [InlineData("2020-M01..M9", "'2020-M01..M9' is not a period code: months have two digits, M01 to M12.")]
    public void Refuses_a_bad_code_with_a_sentence_naming_it(string text, string error)
    {
        Assert.False(Period.TryParse(text, out var period, out var message));

        Assert.Equal(error, message);
        Assert.Equal(default, period);
        Assert.Equal(error, Assert.Throws<FormatException>(() => Period.Parse(text)).Message);
    }

    [Theory]
    [InlineData("2020-Q1x")]
    [InlineData("2020 - Q1")]
    [InlineData("2020-H1")]
    [InlineData("2020-")]
    [InlineData("2020-M01..")]
    [InlineData("2020-M01-M09")]
    [InlineData("2020-01")]
    [InlineData("Q1-2020")]
    [InlineData("2020-Q1\n2020")]
    [InlineData("２０２０")]
    public void Refuses_text_that_does_not_have_the_shape_of_a_period_code(string text)
    {
        Assert.False(Period.TryParse(text, out _, out var message));

        // Text that is not code-shaped (blanks, line breaks) is described, not echoed: see Echo.
        Assert.StartsWith($"{Echo.Quote(text)} is not a period code: expected YYYY, YYYY-S1 or S2", message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Refuses_a_missing_code(string? text)
    {
        Assert.False(Period.TryParse(text, out _, out var message));

        Assert.StartsWith("A period code is required", message);
        Assert.Throws<FormatException>(() => Period.Parse(text));
    }

    [Fact]
    public void Shortens_a_very_long_bad_code_in_the_message()
    {
        Period.TryParse(new string('9', 1000), out _, out var message);

        Assert.True(message.Length < 200);
    }

    [Fact]
    public void Periods_covering_the_same_months_are_equal()
    {
        Assert.Equal(Period.OfHalf(2020, 1), Period.OfMonths(2020, 1, 6));
        Assert.Equal(Period.OfQuarter(2020, 3), Period.Parse("2020-M07..M09"));
        Assert.Equal(Period.OfMonth(2020, 5), Period.Parse("2020-M05..M05"));
        Assert.Equal(Period.OfYear(2020), Period.Parse("2020-M01..M12"));
        Assert.NotEqual(Period.OfYear(2020), Period.OfYear(2021));
        Assert.Equal(Period.OfHalf(2020, 1).GetHashCode(), Period.OfMonths(2020, 1, 6).GetHashCode());
    }

    [Fact]
    public void Factories_refuse_out_of_range_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfYear(1999));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfYear(2101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfHalf(2020, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfQuarter(2020, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfMonth(2020, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.OfMonths(2020, 9, 3));
    }

    [Fact]
    public void Start_is_the_first_day_and_end_the_last_day_of_the_last_month()
    {
        Assert.Equal(new DateOnly(2020, 1, 1), Period.Parse("2020-S1").Start);
        Assert.Equal(new DateOnly(2020, 6, 30), Period.Parse("2020-S1").End);
        Assert.Equal(new DateOnly(2020, 2, 29), Period.Parse("2020-M02").End);
        Assert.Equal(new DateOnly(2021, 2, 28), Period.Parse("2021-M02").End);
        Assert.Equal(new DateOnly(2020, 12, 31), Period.Parse("2020").End);
    }

    [Fact]
    public void Has_started_from_its_first_day()
    {
        var q3 = Period.Parse("2020-Q3");

        Assert.False(q3.HasStarted(new DateOnly(2020, 6, 30)));
        Assert.True(q3.HasStarted(new DateOnly(2020, 7, 1)));
        Assert.True(q3.HasStarted(new DateOnly(2025, 1, 1)));
    }

    [Theory]
    [InlineData("2020", "2020-S1", true)]
    [InlineData("2020", "2020", true)]
    [InlineData("2020-S1", "2020-Q2", true)]
    [InlineData("2020-S1", "2020-M06", true)]
    [InlineData("2020-S1", "2020-Q3", false)]
    [InlineData("2020-M01..M09", "2020-Q3", true)]
    [InlineData("2020-M01..M09", "2020-S2", false)]
    [InlineData("2020-Q1", "2020", false)]
    [InlineData("2020", "2021-Q1", false)]
    public void Contains_periods_whose_months_are_all_inside(string outer, string inner, bool expected)
    {
        Assert.Equal(expected, Period.Parse(outer).Contains(Period.Parse(inner)));
    }

    [Theory]
    [InlineData("2020-S1", "2020-Q2", true)]
    [InlineData("2020-M01..M09", "2020-S2", true)]
    [InlineData("2020-S2", "2020-M01..M09", true)]
    [InlineData("2020-S1", "2020-S2", false)]
    [InlineData("2020-Q2", "2020-M06", true)]
    [InlineData("2020-Q2", "2020-M07", false)]
    [InlineData("2020", "2021", false)]
    public void Overlaps_periods_sharing_a_month_of_the_same_year(string one, string other, bool expected)
    {
        Assert.Equal(expected, Period.Parse(one).Overlaps(Period.Parse(other)));
    }

    [Fact]
    public void Shifts_years_keeping_the_months()
    {
        Assert.Equal(Period.Parse("2019-S1"), Period.Parse("2020-S1").ShiftYears(-1));
        Assert.Equal(Period.Parse("2025-M02..M05"), Period.Parse("2020-M02..M05").ShiftYears(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Parse("2000-Q1").ShiftYears(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Parse("2100").ShiftYears(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Parse("2020").ShiftYears(int.MaxValue));
        Assert.False(Period.Parse("2000-Q1").TryShiftYears(-1, out _));
        Assert.True(Period.Parse("2001-Q1").TryShiftYears(-1, out var shifted));
        Assert.Equal("2000-Q1", shifted.Code);
    }

    [Theory]
    [InlineData("2020", PeriodType.Quarter, "2020-Q1 2020-Q2 2020-Q3 2020-Q4")]
    [InlineData("2020", PeriodType.Half, "2020-S1 2020-S2")]
    [InlineData("2020", PeriodType.Year, "2020")]
    [InlineData("2020-S2", PeriodType.Quarter, "2020-Q3 2020-Q4")]
    [InlineData("2020-Q2", PeriodType.Month, "2020-M04 2020-M05 2020-M06")]
    [InlineData("2020-M02..M04", PeriodType.Month, "2020-M02 2020-M03 2020-M04")]
    [InlineData("2020-M01..M09", PeriodType.Half, "2020-S1")]
    [InlineData("2020-M01..M09", PeriodType.Quarter, "2020-Q1 2020-Q2 2020-Q3")]
    [InlineData("2020-S1", PeriodType.Year, "")]
    public void Splits_into_the_periods_of_a_type_that_lie_inside(string period, PeriodType type, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Period.Parse(period).Split(type)));
    }

    [Fact]
    public void Split_and_sequence_refuse_ranges_as_a_type()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Parse("2020").Split(PeriodType.Range).ToList());
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Sequence(Period.OfYear(2020), Period.OfYear(2021), PeriodType.Range));
    }

    [Theory]
    [InlineData("2019-Q3", "2020-Q2", PeriodType.Quarter, "2019-Q3 2019-Q4 2020-Q1 2020-Q2")]
    [InlineData("2019-M11", "2020-M02", PeriodType.Month, "2019-M11 2019-M12 2020-M01 2020-M02")]
    [InlineData("2019-M05", "2020-M08", PeriodType.Half, "2019-S1 2019-S2 2020-S1 2020-S2")]
    [InlineData("2018-Q4", "2020-S1", PeriodType.Year, "2018 2019 2020")]
    [InlineData("2020-M02..M04", "2020-M02..M04", PeriodType.Quarter, "2020-Q1 2020-Q2")]
    [InlineData("2020", "2020", PeriodType.Half, "2020-S1 2020-S2")]
    [InlineData("2021", "2020", PeriodType.Year, "")]
    public void Sequence_lists_every_period_of_a_type_across_years(string from, string to, PeriodType type, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Period.Sequence(Period.Parse(from), Period.Parse(to), type)));
    }

    [Fact]
    public void Sorts_chronologically()
    {
        var sorted = new[] { "2021-Q1", "2020-S2", "2020", "2020-S1", "2020-M01" }.Select(Period.Parse).Order();

        Assert.Equal("2020-M01 2020-S1 2020 2020-S2 2021-Q1", string.Join(' ', sorted));
    }
}
