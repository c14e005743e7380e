using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Queries;

namespace Indicators.Api.Features.ReportingStatus.Template;

internal sealed class TemplateRequest
{
    /// <summary>Required. The schedule's code.</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    [QueryParam]
    public string? Schedule { get; set; }

    /// <summary>Required. A period of the schedule's frequency: 2024-M03, 2024-Q1, 2024-S1, 2024-M01..M09 or 2024.</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Required. The reporter: one org unit code, a reporter of the schedule for the period (a district or the city
    /// gets a row per indicator for itself; a department the province-level rows of the indicators it is responsible for).</summary>
    /// <example>TQ-SD</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>vi or en: the language of indicatorName and unit. Default: Accept-Language, else vi.</summary>
    /// <example>vi</example>
    [QueryParam]
    public string? Lang { get; set; }

    /// <summary>xlsx (the default) or csv (also chosen by Accept: text/csv).</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class TemplateValidator : Validator<TemplateRequest>
{
    public TemplateValidator()
    {
        RuleFor(x => x.Schedule).NotEmpty().WithMessage("schedule is required: a schedule code such as SOCIO_ECONOMIC_HALF_YEAR.");
        RuleFor(x => x.Period).MustBeAPeriod(required: true);
        RuleFor(x => x.OrgUnit).Custom((value, context) =>
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                context.AddFailure("orgUnit is required: the reporter whose report the template is, such as TQ-SD.");
            }
            else if (!Amounts.OrgUnitCode().IsMatch(value))
            {
                context.AddFailure($"{Echo.Quote(value)} is not an org unit code (one code, such as TQ-SD: a template is one reporter's report).");
            }
        });
        RuleFor(x => x.Lang).MustBeALang();
        RuleFor(x => x.Format).Must(f => string.IsNullOrEmpty(f) || f is TemplateFormats.Xlsx or TemplateFormats.Csv)
            .WithMessage("format must be xlsx or csv (without it, an Accept header naming text/csv asks for CSV, else xlsx).");
    }
}

internal static class TemplateFormats
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";
}

/// <summary>The current values of ReportValues.sql: (indicators) × (org units) as JSON arrays, for exactly one period.</summary>
internal sealed record ReportValuesScope(string Indicators, string OrgUnits, int Year, int FirstMonth, int LastMonth);
