using System.Globalization;

namespace Indicators.Api.Domain;

/// <summary>How often a schedule's reports are due (SPEC "Reporting cycle · Schedules").</summary>
public enum Frequency
{
    Month,
    Quarter,
    Half,

    /// <summary>The first nine months of a year, cumulative (<c>2024-M01..M09</c>, "9 tháng đầu năm").</summary>
    NineMonths,

    Year,
}

/// <summary>The data cut-off date of a report's period.</summary>
public enum Cutoff
{
    /// <summary>The last day of the period.</summary>
    Calendar,

    /// <summary>Decree 09/2019/NĐ-CP Article 12: the 14th of the period's last month.</summary>
    Decree09,
}

/// <summary>Where a report stands against its due date (SPEC "Report status").</summary>
internal enum Timeliness
{
    /// <summary>Complete, and completed by the end of the due date.</summary>
    OnTime,

    /// <summary>Complete, but completed after the end of the due date.</summary>
    Late,

    /// <summary>Incomplete, and the due date has passed.</summary>
    Overdue,

    /// <summary>Incomplete, not yet due.</summary>
    Open,
}

/// <summary>What an entry of a report's approval history records.</summary>
internal enum ApprovalAction
{
    Approved,
    Reopened,
}

/// <summary>One expected value of a report, in the report's period: the indicator and the org unit the value is for.</summary>
internal readonly record struct ValueKey(string Indicator, string OrgUnit)
{
    public override string ToString() => $"{Indicator} of {OrgUnit}";
}

/// <summary>The schedule's rules that the period, the due date and the reporters' validity depend on.</summary>
internal sealed record ScheduleRules(Frequency Frequency, Cutoff Cutoff, int DueDays, DateOnly? ValidFrom = null, DateOnly? ValidTo = null);

/// <summary>An indicator of a schedule, with the department that reports its province-level figure.</summary>
internal sealed record ScheduleIndicator(string Code, string? ResponsibleUnit);

/// <summary>A reporter of a schedule as the rules see it: its kind, validity and the province at the root of its tree.</summary>
internal sealed record Reporter(string Code, OrgUnitKind Kind, DateOnly? ValidFrom, DateOnly? ValidTo, string? Province);

/// <summary>One report's status: SPEC "Report status (completeness and timeliness)".</summary>
internal sealed record ReportStatus(
    int Expected, int Received, IReadOnlyList<ValueKey> Missing, bool Complete, DateTimeOffset? CompletedAt, Timeliness Timeliness);

/// <summary>The summary over a period's reports; the percentages are null when no report is expected.</summary>
internal sealed record ReportSummary(
    int Expected, int Complete, int OnTime, int Late, int Overdue, int Open, int Approved,
    decimal? CompletenessPercent, decimal? TimelinessPercent);

/// <summary>
/// The rules of the reporting cycle (SPEC "Reporting cycle"), DHIS2-like: a schedule is a data set with a period type,
/// a cut-off and a number of days to send; a report is one reporter's expected values for one period; it is complete
/// when every expected value is stored, on time when it was complete by the end of its due date; the summary's two
/// percentages are DHIS2's reporting rate and reporting rate on time. Pure: "now" and the stored values are given.
/// </summary>
internal static class ReportingCycle
{
    /// <summary>The period is one of the frequency's: a month, a quarter, a half, the nine months from January, a year.</summary>
    public static bool IsPeriodOf(Frequency frequency, Period period) => frequency switch
    {
        Frequency.Month => period.Type == PeriodType.Month,
        Frequency.Quarter => period.Type == PeriodType.Quarter,
        Frequency.Half => period.Type == PeriodType.Half,
        Frequency.NineMonths => period is { FirstMonth: 1, LastMonth: 9 },
        Frequency.Year => period.Type == PeriodType.Year,
        _ => false,
    };

    /// <summary>The frequency's periods of a year, in order (a month schedule's 2024-M01 … 2024-M12).</summary>
    public static IReadOnlyList<Period> PeriodsOf(Frequency frequency, int year) => frequency switch
    {
        Frequency.Month => Period.OfYear(year).Split(PeriodType.Month).ToList(),
        Frequency.Quarter => Period.OfYear(year).Split(PeriodType.Quarter).ToList(),
        Frequency.Half => Period.OfYear(year).Split(PeriodType.Half).ToList(),
        Frequency.NineMonths => [Period.OfMonths(year, 1, 9)],
        _ => [Period.OfYear(year)],
    };

    /// <summary>"a month such as 2024-M03" — how an error message names the periods a frequency takes.</summary>
    public static string Describe(Frequency frequency, int year)
    {
        var y = year.ToString("D4", CultureInfo.InvariantCulture);
        return frequency switch
        {
            Frequency.Month => $"a month such as {y}-M03",
            Frequency.Quarter => $"a quarter such as {y}-Q1",
            Frequency.Half => $"a half year, {y}-S1 or {y}-S2",
            Frequency.NineMonths => $"the nine months from January, {y}-M01..M09",
            _ => $"a year such as {y}",
        };
    }

    /// <summary>The schedule applies on at least one day of the period (its validFrom / validTo, each optional).</summary>
    public static bool Applies(ScheduleRules schedule, Period period) =>
        OrgUnitValidity.IsValidDuring(schedule.ValidFrom, schedule.ValidTo, period);

    /// <summary>
    /// Why the period is not one of the schedule's, or null when it is: of another frequency, or outside the
    /// schedule's validity.
    /// </summary>
    public static string? RefusePeriod(string schedule, ScheduleRules rules, Period period)
    {
        if (!IsPeriodOf(rules.Frequency, period))
        {
            return $"{schedule} is a {WireNames.ToWire(rules.Frequency)} schedule: its periods are {Describe(rules.Frequency, period.Year)}, not {period.Code}.";
        }
        if (!Applies(rules, period))
        {
            var from = rules.ValidFrom is { } f ? $" from {f:yyyy-MM-dd}" : "";
            var to = rules.ValidTo is { } t ? $" until {t:yyyy-MM-dd}" : "";
            return $"{schedule} applies only{from}{to}; {period.Code} ({period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}) is outside it.";
        }
        return null;
    }

    /// <summary>The data cut-off date: the period's last day (calendar), or the 14th of its last month (Decree 09).</summary>
    public static DateOnly CutoffDate(Cutoff cutoff, Period period) => cutoff switch
    {
        Cutoff.Decree09 => new DateOnly(period.Year, period.LastMonth, 14),
        _ => period.End,
    };

    /// <summary>
    /// SPEC: due date = cut-off date + dueDays, a calendar date of the province (UTC+7); a report is due by the end of
    /// that day. decree-09, 2 days, 2024-M03 → 2024-03-16; calendar, 10 days, 2024-Q1 → 2024-04-10.
    /// </summary>
    public static DateOnly DueDate(ScheduleRules rules, Period period) => CutoffDate(rules.Cutoff, period).AddDays(rules.DueDays);

    /// <summary>SPEC: only reporters valid on at least one day of the period are expected to report for it.</summary>
    public static bool IsExpectedDuring(Reporter reporter, Period period) =>
        OrgUnitValidity.IsValidDuring(reporter.ValidFrom, reporter.ValidTo, period);

    /// <summary>
    /// The values a reporter is expected to send for a period (SPEC "Expected values"): a district or the city every
    /// indicator of the schedule, for itself; a department or board the province-level figure of each indicator whose
    /// responsibleUnit it is — exactly what v1 rights let a submitter of that unit write. A province reports nothing
    /// itself (its figures are its districts' or its departments'). In the schedule's indicator order.
    /// </summary>
    public static IReadOnlyList<ValueKey> ExpectedKeys(Reporter reporter, IEnumerable<ScheduleIndicator> indicators)
    {
        if (reporter.Kind.IsTerritorial())
        {
            return indicators.Select(i => new ValueKey(i.Code, reporter.Code)).ToList();
        }
        if (reporter.Kind is OrgUnitKind.Department or OrgUnitKind.Board && reporter.Province is { } province && province != reporter.Code)
        {
            return indicators.Where(i => i.ResponsibleUnit == reporter.Code).Select(i => new ValueKey(i.Code, province)).ToList();
        }
        return [];
    }

    /// <summary>
    /// Why a unit cannot be a reporter of the schedule, or null when it can: it would be expected to send nothing
    /// (SPEC: refused when the schedule is saved) — a province or board, a department responsible for none of the
    /// indicators, or a unit that exists on no day the schedule applies.
    /// </summary>
    public static string? RefuseReporter(Reporter reporter, IReadOnlyCollection<ScheduleIndicator> indicators, ScheduleRules rules)
    {
        if (ExpectedKeys(reporter, indicators).Count == 0)
        {
            return reporter.Kind switch
            {
                OrgUnitKind.Province => $"{reporter.Code} is a province: its figures are sent by its districts, city and departments, so it is expected to send nothing.",
                OrgUnitKind.Department or OrgUnitKind.Board =>
                    $"{reporter.Code} is responsible for none of the indicators of the schedule, so it would be expected to send nothing " +
                    "(a department or board reports the province-level figure of the indicators whose responsibleUnit it is).",
                _ => $"{reporter.Code} would be expected to send nothing.",
            };
        }
        var from = Max(reporter.ValidFrom, rules.ValidFrom);
        var to = Min(reporter.ValidTo, rules.ValidTo);
        if (from is { } f && to is { } t && t < f)
        {
            return $"{reporter.Code} exists on no day the schedule applies ({Span(reporter.ValidFrom, reporter.ValidTo)} against {Span(rules.ValidFrom, rules.ValidTo)}), so it would be expected to send nothing.";
        }
        return null;
    }

    /// <summary>
    /// A report's status from its expected keys and the first revision time of those that have a current value
    /// (values are never deleted, so the first revision time says when the key was first received).
    /// </summary>
    /// <param name="expected">The report's expected keys.</param>
    /// <param name="firstWritten">The first revision time of every key that has a current value (other keys may be in it).</param>
    /// <param name="dueDate">The report's due date (<see cref="DueDate"/>), a date of the province.</param>
    /// <param name="now">The instant of the request.</param>
    public static ReportStatus Status(IReadOnlyList<ValueKey> expected, IReadOnlyDictionary<ValueKey, DateTimeOffset> firstWritten, DateOnly dueDate, DateTimeOffset now)
    {
        var missing = new List<ValueKey>();
        DateTimeOffset? latest = null;
        foreach (var key in expected)
        {
            if (firstWritten.TryGetValue(key, out var at))
            {
                latest = latest is { } l && l >= at ? l : at;
            }
            else
            {
                missing.Add(key);
            }
        }
        var complete = missing.Count == 0 && expected.Count > 0;
        // completedAt: when the last of its keys was first received (SPEC). Compared on the province's calendar: due
        // "by the end of that day" is before midnight UTC+7.
        var completedAt = complete ? latest : null;
        var timeliness = completedAt is { } done
            ? ProvinceTime.Today(done) <= dueDate ? Timeliness.OnTime : Timeliness.Late
            : ProvinceTime.Today(now) > dueDate ? Timeliness.Overdue : Timeliness.Open;
        return new ReportStatus(expected.Count, expected.Count - missing.Count, missing, complete, completedAt, timeliness);
    }

    /// <summary>
    /// SPEC: the summary over the reports of the period; completenessPercent = complete / expected × 100 and
    /// timelinessPercent = onTime / expected × 100 (DHIS2's reporting rate and reporting rate on time), rounded half
    /// away from zero to 2 decimals; null when no report is expected (0 of 0 is no rate).
    /// </summary>
    public static ReportSummary Summarize(IEnumerable<(ReportStatus Status, bool Approved)> reports)
    {
        int expected = 0, complete = 0, onTime = 0, late = 0, overdue = 0, open = 0, approved = 0;
        foreach (var (status, isApproved) in reports)
        {
            expected++;
            complete += status.Complete ? 1 : 0;
            approved += isApproved ? 1 : 0;
            switch (status.Timeliness)
            {
                case Timeliness.OnTime:
                    onTime++;
                    break;
                case Timeliness.Late:
                    late++;
                    break;
                case Timeliness.Overdue:
                    overdue++;
                    break;
                default:
                    open++;
                    break;
            }
        }
        return new ReportSummary(expected, complete, onTime, late, overdue, open, approved, Percent(complete, expected), Percent(onTime, expected));
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Rounding.Percent(part * 100m / whole);

    private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Span(DateOnly? from, DateOnly? to) =>
        $"{(from is { } f ? f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "…")} to {(to is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "…")}";
}
