using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Queries;

namespace Indicators.Api.Features.Reports.PlanVsActual;

internal sealed class PlanVsActualRequest
{
    /// <summary>Required. The period to report: 2020, 2020-S1, 2020-Q2, 2020-M05 or a range such as 2020-M01..M09.</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Indicator codes, comma-separated; default every indicator.</summary>
    /// <example>INDUSTRIAL_OUTPUT,RETAIL_SALES</example>
    [QueryParam]
    public string? Indicator { get; set; }

    /// <summary>Org unit codes, comma-separated; default the province (the unit of kind province without a parent).</summary>
    /// <example>TQ</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>true: add each unit's territorial children (districts, the city) valid during the period as rows, after their parent.</summary>
    [QueryParam]
    public bool Children { get; set; }

    /// <summary>plan (default), resolution or commitment.</summary>
    /// <example>plan</example>
    [QueryParam]
    public string? TargetKind { get; set; }

    /// <summary>
    /// Sort keys, comma-separated, each optionally prefixed with '-' for descending: indicator, orgUnit, indicatorName,
    /// orgUnitName, actual, target, percentOfTarget, difference, remaining, elapsedPercent, requiredMonthlyAverage,
    /// previousYear, changeFromPreviousYearPercent. Nulls come last either way; ties keep the default order
    /// (indicators by code or as listed, each unit followed by its children).
    /// </summary>
    /// <example>-percentOfTarget</example>
    [QueryParam]
    public string? Sort { get; set; }

    /// <summary>vi or en: the language of indicatorName, orgUnitName and unit. Default: Accept-Language, else vi.</summary>
    /// <example>vi</example>
    [QueryParam]
    public string? Lang { get; set; }

    /// <summary>json, csv, sdmx-csv or sdmx-json (also chosen by the Accept header).</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class PlanVsActualValidator : Validator<PlanVsActualRequest>
{
    public PlanVsActualValidator()
    {
        RuleFor(x => x.Period).MustBeAPeriod(required: true);
        RuleFor(x => x.TargetKind).MustBeA<PlanVsActualRequest, TargetKind>("targetKind");
        RuleFor(x => x.Lang).MustBeALang();
        RuleFor(x => x.Format).MustBeAFormatOrSdmx();
        RuleFor(x => x.Sort).Custom((sort, context) =>
        {
            foreach (var key in PlanVsActualSort.UnknownKeys(sort))
            {
                context.AddFailure($"{Domain.Echo.Quote(key)} is not a sort key: use {string.Join(", ", PlanVsActualSort.Keys)}, each optionally prefixed with '-'.");
            }
        });
    }
}

/// <summary>Plan versus actual for one period: one row per (indicator, org unit).</summary>
internal sealed class PlanVsActualResponse
{
    /// <summary>The requested period, canonical.</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <example>plan</example>
    public string TargetKind { get; set; } = "";

    public IReadOnlyList<PlanVsActualRow> Rows { get; set; } = [];
}

/// <summary>
/// One indicator for one org unit in the period (SPEC "Plan-versus-actual rules"). Every field is always present;
/// a figure that cannot be computed is null. Amounts keep the indicator's decimals, percentages 2 decimals, and
/// numbers are written without insignificant trailing zeros (6.00 is written 6).
/// </summary>
internal sealed class PlanVsActualRow
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ</example>
    public string OrgUnit { get; set; } = "";

    /// <example>Giá trị sản xuất công nghiệp</example>
    public string IndicatorName { get; set; } = "";

    /// <example>Tỉnh Tuyên Quang</example>
    public string OrgUnitName { get; set; } = "";

    /// <example>tỷ đồng</example>
    public string Unit { get; set; } = "";

    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The actual for the period: reported, derived from other periods, or the sum of the children.</summary>
    /// <example>7966</example>
    public decimal? Actual { get; set; }

    /// <summary>estimate, preliminary or official; for a derived or summed actual the weakest of its parts.</summary>
    /// <example>estimate</example>
    public string? ActualStatus { get; set; }

    /// <summary>reported (stored for exactly the period), derived (from other periods of the unit) or children (their sum).</summary>
    /// <example>reported</example>
    public string? ActualSource { get; set; }

    /// <summary>The stored periods a derived actual was built from; empty otherwise.</summary>
    public IReadOnlyList<string> DerivedFrom { get; set; } = [];

    /// <summary>Coverage of the territorial children valid during the period; null when the unit has none.</summary>
    public ChildrenCoverageResponse? Children { get; set; }

    /// <summary>The target of targetKind for exactly the period, else for its year.</summary>
    /// <example>18029</example>
    public decimal? Target { get; set; }

    /// <summary>The kind of target looked for (the request's targetKind), also when none was found.</summary>
    /// <example>plan</example>
    public string TargetKind { get; set; } = "";

    /// <summary>The period of the target used: the requested period or its year.</summary>
    /// <example>2020</example>
    public string? TargetPeriod { get; set; }

    /// <summary>atLeast or atMost: which side of the target meets it.</summary>
    /// <example>atLeast</example>
    public string? Comparison { get; set; }

    /// <summary>actual / target × 100, 2 decimals.</summary>
    /// <example>44.18</example>
    public decimal? PercentOfTarget { get; set; }

    /// <summary>actual − target.</summary>
    /// <example>-10063</example>
    public decimal? Difference { get; set; }

    /// <summary>target − actual while an atLeast target is not reached, else 0.</summary>
    /// <example>10063</example>
    public decimal? Remaining { get; set; }

    /// <summary>Share of the target period's months elapsed at the end of the period, × 100.</summary>
    /// <example>50</example>
    public decimal? ElapsedPercent { get; set; }

    /// <summary>remaining / months left in the target period; null when none are left.</summary>
    /// <example>1677.2</example>
    public decimal? RequiredMonthlyAverage { get; set; }

    /// <summary>The actual for the same months of the year before, resolved the same way.</summary>
    /// <example>7515</example>
    public decimal? PreviousYear { get; set; }

    /// <summary>(actual / previousYear − 1) × 100, 2 decimals.</summary>
    /// <example>6</example>
    public decimal? ChangeFromPreviousYearPercent { get; set; }

    /// <summary>no-data, no-target, achieved, on-track or behind.</summary>
    /// <example>behind</example>
    public string Assessment { get; set; } = "";
}

/// <summary>How many territorial children have an actual for the period, how many are expected, and the sum of those that do.</summary>
internal sealed class ChildrenCoverageResponse
{
    /// <example>1</example>
    public int Reported { get; set; }

    /// <example>7</example>
    public int Expected { get; set; }

    /// <summary>The sum of the children's actuals that exist; null when none exists or the indicator is a rate.</summary>
    /// <example>2700</example>
    public decimal? Total { get; set; }
}
