using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Queries;

namespace Indicators.Api.Features.Reports.Series;

internal sealed class SeriesRequest
{
    /// <summary>Required. One indicator code.</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    [QueryParam]
    public string? Indicator { get; set; }

    /// <summary>Required. One org unit code.</summary>
    /// <example>TQ</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Required. The series starts with the period of periodType containing this period's first month.</summary>
    /// <example>2019-S1</example>
    [QueryParam]
    public string? From { get; set; }

    /// <summary>Required. The series ends with the period of periodType containing this period's last month.</summary>
    /// <example>2020-S2</example>
    [QueryParam]
    public string? To { get; set; }

    /// <summary>year, half, quarter or month. Default: the type of from (required when from is a month range).</summary>
    /// <example>half</example>
    [QueryParam]
    public string? PeriodType { get; set; }

    /// <summary>plan (default), resolution or commitment: the kind of the targets shown.</summary>
    /// <example>plan</example>
    [QueryParam]
    public string? TargetKind { get; set; }

    /// <summary>vi or en: the language of indicatorName, orgUnitName and unit. Default: Accept-Language, else vi.</summary>
    [QueryParam]
    public string? Lang { get; set; }

    /// <summary>json or csv (also chosen by Accept: text/csv).</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class SeriesValidator : Validator<SeriesRequest>
{
    /// <summary>A century of months is 1,200: enough for any chart, small enough to answer quickly.</summary>
    public const int MaxPoints = 1200;

    public static readonly string[] PeriodTypes = ["year", "half", "quarter", "month"];

    public SeriesValidator()
    {
        RuleFor(x => x.Indicator).NotEmpty().WithMessage("indicator is required: one indicator code.");
        RuleFor(x => x.OrgUnit).NotEmpty().WithMessage("orgUnit is required: one org unit code.");
        RuleFor(x => x.From).MustBeAPeriod(required: true);
        RuleFor(x => x.To).MustBeAPeriod(required: true);
        RuleFor(x => x.PeriodType).Must(t => string.IsNullOrEmpty(t) || PeriodTypes.Contains(t))
            .WithMessage("periodType must be one of year, half, quarter, month.");
        RuleFor(x => x.TargetKind).MustBeA<SeriesRequest, TargetKind>("targetKind");
        RuleFor(x => x.Lang).MustBeALang();
        RuleFor(x => x.Format).MustBeAFormat();
    }
}

/// <summary>One indicator of one org unit over a run of periods of one type.</summary>
internal sealed class SeriesResponse
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ</example>
    public string OrgUnit { get; set; } = "";

    /// <summary>In the chosen language.</summary>
    /// <example>Giá trị sản xuất công nghiệp</example>
    public string IndicatorName { get; set; } = "";

    /// <summary>In the chosen language.</summary>
    /// <example>Tỉnh Tuyên Quang</example>
    public string OrgUnitName { get; set; } = "";

    /// <summary>In the chosen language.</summary>
    /// <example>tỷ đồng</example>
    public string Unit { get; set; } = "";

    /// <example>half</example>
    public string PeriodType { get; set; } = "";

    /// <summary>The kind of the points' targets.</summary>
    /// <example>plan</example>
    public string TargetKind { get; set; } = "";

    public IReadOnlyList<SeriesPoint> Points { get; set; } = [];
}

/// <summary>One period of a series; a figure that cannot be computed is null.</summary>
internal sealed class SeriesPoint
{
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>Resolved as in plan-versus-actual: reported, derived from other periods, or the children's sum.</summary>
    /// <example>7966</example>
    public decimal? Actual { get; set; }

    /// <example>estimate</example>
    public string? ActualStatus { get; set; }

    /// <example>reported</example>
    public string? ActualSource { get; set; }

    /// <summary>The target of targetKind for exactly this period (never the year's target spread over its parts).</summary>
    public decimal? Target { get; set; }

    /// <summary>The actual for the same months of the year before.</summary>
    /// <example>7515</example>
    public decimal? PreviousYear { get; set; }

    /// <example>6</example>
    public decimal? ChangeFromPreviousYearPercent { get; set; }
}
