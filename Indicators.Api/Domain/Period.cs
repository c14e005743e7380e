using System.Globalization;
using System.Text.RegularExpressions;

namespace Indicators.Api.Domain;

/// <summary>The named shapes a <see cref="Period"/> can take; <see cref="Range"/> is any other run of months.</summary>
public enum PeriodType
{
    Year,
    Half,
    Quarter,
    Month,
    Range,
}

/// <summary>
/// A contiguous range of months inside one calendar year, 2000–2100 (SPEC "Periods").
/// </summary>
/// <remarks>
/// <para>
/// Canonical codes: <c>2020</c>, <c>2020-S1</c>/<c>S2</c>, <c>2020-Q1</c>…<c>Q4</c>, <c>2020-M01</c>…<c>M12</c>,
/// and <c>2020-M01..M09</c> for any other range. A range equal to a named period is canonicalised to it
/// (<c>2020-M01..M06</c> → <c>2020-S1</c>, <c>2020-M05..M05</c> → <c>2020-M05</c>), so two periods covering the
/// same months are equal and have the same <see cref="Code"/>.
/// </para>
/// <para>
/// Parsing decision: surrounding blanks are trimmed and lower-case letters are accepted and canonicalised
/// (<c>" 2020-q1 "</c> → <c>2020-Q1</c>), because a period code is a case-insensitive identifier that people
/// type into query strings. Everything else is refused, including blanks inside the code (<c>2020 - Q1</c>),
/// one-digit months (<c>2020-M1</c>: months always have two digits, as in the canonical form) and two-digit
/// years.
/// </para>
/// <para><c>default(Period)</c> is not a valid period; obtain periods from <see cref="TryParse"/> or the <c>Of…</c> factories.</para>
/// </remarks>
internal readonly partial record struct Period : IComparable<Period>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    private const string Expected =
        "expected YYYY, YYYY-S1 or S2, YYYY-Q1 to Q4, YYYY-M01 to M12, or a month range such as YYYY-M01..M09";

    private Period(int year, int firstMonth, int lastMonth)
    {
        Year = year;
        FirstMonth = firstMonth;
        LastMonth = lastMonth;
    }

    public int Year { get; }

    /// <summary>1–12.</summary>
    public int FirstMonth { get; }

    /// <summary>1–12, never before <see cref="FirstMonth"/>.</summary>
    public int LastMonth { get; }

    public int Months => LastMonth - FirstMonth + 1;

    public PeriodType Type => Months switch
    {
        12 => PeriodType.Year,
        6 when FirstMonth is 1 or 7 => PeriodType.Half,
        3 when FirstMonth % 3 == 1 => PeriodType.Quarter,
        1 => PeriodType.Month,
        _ => PeriodType.Range,
    };

    /// <summary>The canonical code, e.g. <c>2020-S1</c>.</summary>
    public string Code
    {
        get
        {
            var year = Year.ToString("D4", CultureInfo.InvariantCulture);
            return Type switch
            {
                PeriodType.Year => year,
                PeriodType.Half => $"{year}-S{(FirstMonth == 1 ? 1 : 2)}",
                PeriodType.Quarter => $"{year}-Q{(FirstMonth + 2) / 3}",
                PeriodType.Month => $"{year}-M{FirstMonth:D2}",
                _ => $"{year}-M{FirstMonth:D2}..M{LastMonth:D2}",
            };
        }
    }

    /// <summary>The first day of the first month.</summary>
    public DateOnly Start => new(Year, FirstMonth, 1);

    /// <summary>The last day of the last month.</summary>
    public DateOnly End => new(Year, LastMonth, DateTime.DaysInMonth(Year, LastMonth));

    public override string ToString() => Code;

    /// <summary>SPEC: actual values may be submitted only for periods that have started.</summary>
    public bool HasStarted(DateOnly today) => Start <= today;

    /// <summary>Every month of <paramref name="other"/> is inside this period.</summary>
    public bool Contains(Period other) =>
        Year == other.Year && FirstMonth <= other.FirstMonth && other.LastMonth <= LastMonth;

    /// <summary>The two periods share at least one month.</summary>
    public bool Overlaps(Period other) =>
        Year == other.Year && FirstMonth <= other.LastMonth && other.FirstMonth <= LastMonth;

    /// <summary>The same months <paramref name="years"/> later (earlier when negative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year would leave 2000–2100.</exception>
    public Period ShiftYears(int years) =>
        TryShiftYears(years, out var shifted)
            ? shifted
            : throw new ArgumentOutOfRangeException(nameof(years), years,
                $"{Code} shifted by {years} years leaves the years {MinYear} to {MaxYear}.");

    /// <summary>As <see cref="ShiftYears"/>, false when the year would leave 2000–2100 (e.g. the year before 2000).</summary>
    public bool TryShiftYears(int years, out Period shifted)
    {
        var year = (long)Year + years;
        shifted = year is >= MinYear and <= MaxYear ? new Period((int)year, FirstMonth, LastMonth) : default;
        return year is >= MinYear and <= MaxYear;
    }

    /// <summary>Chronological: by year, then first month, then last month.</summary>
    public int CompareTo(Period other) =>
        (Year, FirstMonth, LastMonth).CompareTo((other.Year, other.FirstMonth, other.LastMonth));

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public static Period OfYear(int year) => OfMonths(year, 1, 12);

    public static Period OfHalf(int year, int half) =>
        half is 1 or 2
            ? OfMonths(year, half * 6 - 5, half * 6)
            : throw new ArgumentOutOfRangeException(nameof(half), half, "Halves are 1 and 2.");

    public static Period OfQuarter(int year, int quarter) =>
        quarter is >= 1 and <= 4
            ? OfMonths(year, quarter * 3 - 2, quarter * 3)
            : throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "Quarters are 1 to 4.");

    public static Period OfMonth(int year, int month) => OfMonths(year, month, month);

    /// <summary>Months <paramref name="firstMonth"/>..<paramref name="lastMonth"/> of a year; canonical whatever the range.</summary>
    public static Period OfMonths(int year, int firstMonth, int lastMonth)
    {
        if (year is < MinYear or > MaxYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Years are {MinYear} to {MaxYear}.");
        if (firstMonth is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(firstMonth), firstMonth, "Months are 1 to 12.");
        if (lastMonth is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(lastMonth), lastMonth, "Months are 1 to 12.");
        if (lastMonth < firstMonth)
            throw new ArgumentOutOfRangeException(nameof(lastMonth), lastMonth, "The last month is before the first month.");
        return new Period(year, firstMonth, lastMonth);
    }

    /// <summary>The periods of <paramref name="type"/> that lie wholly inside this one, in order
    /// (2020 by quarter: Q1..Q4; 2020-M01..M09 by half: S1 only; a range by month: its months).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is <see cref="PeriodType.Range"/>.</exception>
    public IEnumerable<Period> Split(PeriodType type)
    {
        var size = MonthsOf(type);
        var year = Year;
        var (first, last) = (FirstMonth, LastMonth);
        return Enumerable.Range(0, 12 / size)
            .Select(i => new Period(year, i * size + 1, i * size + size))
            .Where(p => p.FirstMonth >= first && p.LastMonth <= last);
    }

    /// <summary>
    /// Every period of <paramref name="type"/> from the one containing <paramref name="from"/>'s first month to the
    /// one containing <paramref name="to"/>'s last month, across years (the series endpoint); empty when
    /// <paramref name="to"/> ends before <paramref name="from"/> starts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is <see cref="PeriodType.Range"/>.</exception>
    public static IReadOnlyList<Period> Sequence(Period from, Period to, PeriodType type)
    {
        var size = MonthsOf(type);
        var perYear = 12 / size;
        var first = from.Year * perYear + (from.FirstMonth - 1) / size;
        var last = to.Year * perYear + (to.LastMonth - 1) / size;
        var periods = new List<Period>(Math.Max(0, last - first + 1));
        for (var i = first; i <= last; i++)
        {
            var start = i % perYear * size + 1;
            periods.Add(new Period(i / perYear, start, start + size - 1));
        }
        return periods;
    }

    private static int MonthsOf(PeriodType type) => type switch
    {
        PeriodType.Year => 12,
        PeriodType.Half => 6,
        PeriodType.Quarter => 3,
        PeriodType.Month => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only years, halves, quarters and months tile a year."),
    };

    /// <exception cref="FormatException">The text is not a period code; the message says why.</exception>
    public static Period Parse(string? text) =>
        TryParse(text, out var period, out var error) ? period : throw new FormatException(error);

    /// <summary>Reads a period code (see the type's remarks for what is accepted). When false, <c>error</c> is an
    /// English sentence naming the bad code, e.g. "'2020-Q5' is not a period code: quarters are Q1 to Q4.";
    /// otherwise it is empty.</summary>
    public static bool TryParse(string? text, out Period period, out string error)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A period code is required: {Expected}.";
            return false;
        }

        var match = Grammar().Match(text.Trim().ToUpperInvariant());
        var reason = match.Success ? Read(match, out period) : Expected;
        error = reason is null ? "" : $"{Echo.Quote(text)} is not a period code: {reason}.";
        return reason is null;
    }

    /// <returns>Null when valid, else why not.</returns>
    private static string? Read(Match match, out Period period)
    {
        period = default;
        var yearText = match.Groups["year"].Value;
        if (yearText.Length != 4)
            return "the year must have four digits";
        var year = int.Parse(yearText, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear)
            return $"years are {MinYear} to {MaxYear}";

        var number = match.Groups["number"];
        if (match.Groups["half"].Success)
        {
            if (number.Value is not ("1" or "2"))
                return "halves are S1 and S2";
            period = OfHalf(year, number.Value[0] - '0');
        }
        else if (match.Groups["quarter"].Success)
        {
            if (number.Value is not ("1" or "2" or "3" or "4"))
                return "quarters are Q1 to Q4";
            period = OfQuarter(year, number.Value[0] - '0');
        }
        else if (match.Groups["first"].Success)
        {
            var first = match.Groups["first"].Value;
            var last = match.Groups["last"].Success ? match.Groups["last"].Value : first;
            if (first.Length != 2 || last.Length != 2)
                return "months have two digits, M01 to M12";
            var (firstMonth, lastMonth) = (int.Parse(first, CultureInfo.InvariantCulture), int.Parse(last, CultureInfo.InvariantCulture));
            if (firstMonth is < 1 or > 12 || lastMonth is < 1 or > 12)
                return "months are M01 to M12";
            if (lastMonth < firstMonth)
                return "a month range must not end before it starts";
            period = OfMonths(year, firstMonth, lastMonth);
        }
        else
        {
            period = OfYear(year);
        }
        return null;
    }

    // Digit runs are matched loosely so that the error can say what is wrong with them ("quarters are Q1 to Q4").
    [GeneratedRegex(
        @"\A(?<year>[0-9]+)(?:-(?:(?:(?<half>S)|(?<quarter>Q))(?<number>[0-9]+)|M(?<first>[0-9]+)(?:\.\.M(?<last>[0-9]+))?))?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Grammar();
}
