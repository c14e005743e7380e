using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Queries;

namespace Indicators.Api.Features.ReportingStatus.Get;

internal sealed class ReportingStatusRequest
{
    /// <summary>Required. The schedule's code.</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    [QueryParam]
    public string? Schedule { get; set; }

    /// <summary>Required. A period of the schedule's frequency: 2024-M03, 2024-Q1, 2024-S1, 2024-M01..M09 or 2024.</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Org unit codes, comma-separated: only the reports of these reporters or of reporters below them (orgUnit=TQ:
    /// the province's). The summary covers the reports selected here.</summary>
    /// <example>TQ-SD,TQ-SCT</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Timeliness values, comma-separated (on-time, late, overdue, open): list only those rows. The summary still
    /// covers every report selected by orgUnit.</summary>
    /// <example>overdue</example>
    [QueryParam]
    public string? Timeliness { get; set; }

    /// <summary>vi or en: the language of orgUnitName. Default: Accept-Language, else vi.</summary>
    /// <example>vi</example>
    [QueryParam]
    public string? Lang { get; set; }

    /// <summary>json or csv (also chosen by Accept: text/csv).</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class ReportingStatusValidator : Validator<ReportingStatusRequest>
{
    /// <summary>Codes in one comma-separated filter: far more than a province's reporters.</summary>
    public const int MaxCodes = 1_000;

    public ReportingStatusValidator()
    {
        RuleFor(x => x.Schedule).NotEmpty().WithMessage("schedule is required: a schedule code such as SOCIO_ECONOMIC_HALF_YEAR.");
        RuleFor(x => x.Period).MustBeAPeriod(required: true);
        RuleFor(x => x.OrgUnit).Must(u => QueryRules.Codes(u).Count <= MaxCodes)
            .WithMessage($"orgUnit lists at most {MaxCodes} codes.");
        RuleFor(x => x.Timeliness).Custom((value, context) =>
        {
            foreach (var t in QueryRules.Codes(value).Where(t => !WireNames.TryParse<Timeliness>(t, out _)))
            {
                context.AddFailure($"{Echo.Quote(t)} is not a timeliness: use {string.Join(", ", WireNames.All<Timeliness>())}.");
            }
        });
        RuleFor(x => x.Lang).MustBeALang();
        RuleFor(x => x.Format).MustBeAFormat();
    }
}

/// <summary>
/// The status of a schedule's reports for one period (SPEC "Report status"): computed from the values stored at the
/// time of the request.
/// </summary>
internal sealed class ReportingStatusResponse
{
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Schedule { get; set; } = "";

    /// <summary>The period, canonical.</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The data cut-off date: the period's last day (calendar) or the 14th of its last month (decree-09).</summary>
    /// <example>2020-06-14</example>
    public DateOnly CutoffDate { get; set; }

    /// <summary>Cut-off date + dueDays: a report is due by the end of this day, Vietnam time (UTC+7).</summary>
    /// <example>2020-06-20</example>
    public DateOnly DueDate { get; set; }

    public ReportingSummary Summary { get; set; } = new();

    /// <summary>One row per reporter expected for the period, in the schedule's order (after the filters).</summary>
    public IReadOnlyList<ReportStatusRow> Rows { get; set; } = [];
}

/// <summary>
/// Counts over the reports selected by orgUnit; the percentages are DHIS2's reporting rate and reporting rate on time,
/// rounded half away from zero to 2 decimals (null when no report is expected).
/// </summary>
internal sealed class ReportingSummary
{
    /// <summary>Reports expected: the reporters valid during the period that have something to send.</summary>
    /// <example>12</example>
    public int Expected { get; set; }

    /// <example>5</example>
    public int Complete { get; set; }

    /// <example>0</example>
    public int OnTime { get; set; }

    /// <example>5</example>
    public int Late { get; set; }

    /// <example>7</example>
    public int Overdue { get; set; }

    /// <example>0</example>
    public int Open { get; set; }

    /// <example>0</example>
    public int Approved { get; set; }

    /// <summary>complete / expected × 100.</summary>
    /// <example>41.67</example>
    public decimal? CompletenessPercent { get; set; }

    /// <summary>onTime / expected × 100.</summary>
    /// <example>0</example>
    public decimal? TimelinessPercent { get; set; }
}

/// <summary>One reporter's report for the period.</summary>
internal sealed class ReportStatusRow
{
    /// <summary>The reporter.</summary>
    /// <example>TQ-SD</example>
    public string OrgUnit { get; set; } = "";

    /// <example>Huyện Sơn Dương</example>
    public string OrgUnitName { get; set; } = "";

    /// <summary>Values expected of the reporter.</summary>
    /// <example>8</example>
    public int Expected { get; set; }

    /// <summary>Expected values that have a current value (any status).</summary>
    /// <example>3</example>
    public int Received { get; set; }

    /// <summary>The expected values without one, in the schedule's order of indicators.</summary>
    public IReadOnlyList<MissingValue> Missing { get; set; } = [];

    /// <summary>received = expected.</summary>
    /// <example>false</example>
    public bool Complete { get; set; }

    /// <summary>When the report became complete: the latest first-revision time of its expected values; null while incomplete.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>on-time (complete by the end of the due date), late (complete after it), overdue (incomplete, the due date has
    /// passed) or open (incomplete, not yet due).</summary>
    /// <example>overdue</example>
    public string Timeliness { get; set; } = "";

    /// <summary>null, or when and by whom the report was approved.</summary>
    public ReportApproval? Approval { get; set; }
}

/// <summary>An expected value not received: the indicator and the org unit the value is for (the reporter itself, or for a
/// department its province).</summary>
internal sealed class MissingValue
{
    /// <example>EXPORT_VALUE</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ-SD</example>
    public string OrgUnit { get; set; } = "";
}

/// <summary>The approval of a report.</summary>
internal sealed class ReportApproval
{
    public DateTimeOffset ApprovedAt { get; set; }

    /// <summary>The name of the admin key that approved it.</summary>
    /// <example>planning office</example>
    public string ApprovedBy { get; set; } = "";
}
