using FastEndpoints;
using FluentValidation;
using Indicators.Api.Kernel;

namespace Indicators.Api.Features.Indicators.Put;

/// <summary>Create or update an indicator. The code comes from the route.</summary>
internal sealed class PutIndicatorRequest
{
    /// <summary>^[A-Z][A-Z0-9_]{1,63}$</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Code { get; set; } = "";

    public LocalizedText? Name { get; set; }

    public LocalizedText? Unit { get; set; }

    /// <summary>flow, stock or rate.</summary>
    /// <example>flow</example>
    public string? Measure { get; set; }

    /// <summary>increase or decrease.</summary>
    /// <example>increase</example>
    public string? Direction { get; set; }

    /// <summary>0 to 4.</summary>
    /// <example>1</example>
    public int? Decimals { get; set; }

    /// <example>0</example>
    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    /// <summary>A free grouping, at most 64 characters.</summary>
    /// <example>economy</example>
    public string? Category { get; set; }

    /// <summary>The department (org unit of kind department) that reports the province-level figure.</summary>
    /// <example>TQ-SCT</example>
    public string? ResponsibleUnit { get; set; }
}

internal sealed class PutIndicatorValidator : Validator<PutIndicatorRequest>
{
    public static readonly string[] Measures = ["flow", "stock", "rate"];
    public static readonly string[] Directions = ["increase", "decrease"];

    public PutIndicatorValidator()
    {
        RuleFor(x => x.Code).Must(c => c is not null && Amounts.IndicatorCode().IsMatch(c))
            .WithMessage("code must match ^[A-Z][A-Z0-9_]{1,63}$ (upper-case letters, digits and '_').");
        RuleFor(x => x.Name).NotNull().WithMessage("name is required: { \"vi\": \"...\", \"en\": \"...\" }.");
        When(x => x.Name is not null, () =>
        {
            RuleFor(x => x.Name!.Vi).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 300).WithMessage("name.vi is required, at most 300 characters.");
            RuleFor(x => x.Name!.En).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 300).WithMessage("name.en is required, at most 300 characters.");
        });
        RuleFor(x => x.Unit).NotNull().WithMessage("unit is required: { \"vi\": \"tỷ đồng\", \"en\": \"billion VND\" }.");
        When(x => x.Unit is not null, () =>
        {
            RuleFor(x => x.Unit!.Vi).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 64).WithMessage("unit.vi is required, at most 64 characters.");
            RuleFor(x => x.Unit!.En).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 64).WithMessage("unit.en is required, at most 64 characters.");
        });
        RuleFor(x => x.Measure).Must(m => m is not null && Measures.Contains(m)).WithMessage("measure must be flow, stock or rate.");
        RuleFor(x => x.Direction).Must(d => d is not null && Directions.Contains(d)).WithMessage("direction must be increase or decrease.");
        RuleFor(x => x.Decimals).NotNull().WithMessage("decimals is required (0 to 4).")
            .InclusiveBetween(0, 4).WithMessage("decimals must be from 0 to 4.");
        RuleFor(x => x.Min).Must(v => v is null || Math.Abs(v.Value) <= Amounts.MaxAbs).WithMessage("min is beyond the range of values this service stores.");
        RuleFor(x => x.Max).Must(v => v is null || Math.Abs(v.Value) <= Amounts.MaxAbs).WithMessage("max is beyond the range of values this service stores.");
        RuleFor(x => x.Min).Must((x, v) => v is null || x.Decimals is null || Amounts.SignificantDecimals(v.Value) <= x.Decimals)
            .WithMessage("min has more decimal places than decimals allows.");
        RuleFor(x => x.Max).Must((x, v) => v is null || x.Decimals is null || Amounts.SignificantDecimals(v.Value) <= x.Decimals)
            .WithMessage("max has more decimal places than decimals allows.");
        RuleFor(x => x.Max).GreaterThanOrEqualTo(x => x.Min).When(x => x.Min is not null && x.Max is not null).WithMessage("max must not be below min.");
        RuleFor(x => x.Category).MaximumLength(64).WithMessage("category is at most 64 characters.");
        RuleFor(x => x.ResponsibleUnit).Must(p => p is null || Amounts.OrgUnitCode().IsMatch(p)).WithMessage("responsibleUnit must be an org unit code.");
    }
}
