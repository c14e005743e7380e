using FastEndpoints;
using FluentValidation;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits.Put;

/// <summary>Create or update an org unit. The code comes from the route.</summary>
internal sealed class PutOrgUnitRequest
{
    /// <summary>^[A-Z0-9][A-Z0-9-]{0,31}$</summary>
    /// <example>TQ-SD</example>
    public string Code { get; set; } = "";

    public LocalizedText? Name { get; set; }

    /// <summary>province, district, city, department or board.</summary>
    /// <example>district</example>
    public string? Kind { get; set; }

    /// <summary>The parent's code; required unless kind is province, and must be null for a province.</summary>
    /// <example>TQ</example>
    public string? Parent { get; set; }

    /// <summary>yyyy-MM-dd; optional.</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>yyyy-MM-dd; optional. Values for periods outside the validity are refused.</summary>
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; set; }

    /// <summary>The code of the unit that took over; optional.</summary>
    public string? Successor { get; set; }
}

internal sealed class PutOrgUnitValidator : Validator<PutOrgUnitRequest>
{
    public PutOrgUnitValidator()
    {
        RuleFor(x => x.Code).Must(c => c is not null && Amounts.OrgUnitCode().IsMatch(c))
            .WithMessage("code must match ^[A-Z0-9][A-Z0-9-]{0,31}$ (upper-case letters, digits and '-').");
        RuleFor(x => x.Name).NotNull().WithMessage("name is required: { \"vi\": \"...\", \"en\": \"...\" }.");
        When(x => x.Name is not null, () =>
        {
            RuleFor(x => x.Name!.Vi).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200).WithMessage("name.vi is required, at most 200 characters.");
            RuleFor(x => x.Name!.En).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200).WithMessage("name.en is required, at most 200 characters.");
        });
        RuleFor(x => x.Kind).Must(k => k is not null && OrgUnitKinds.All.Contains(k))
            .WithMessage("kind must be one of province, district, city, department, board.");
        RuleFor(x => x.Parent).Null().When(x => x.Kind == OrgUnitKinds.Province).WithMessage("A province has no parent: parent must be null.");
        RuleFor(x => x.Parent).NotEmpty().When(x => x.Kind is not null && x.Kind != OrgUnitKinds.Province && OrgUnitKinds.All.Contains(x.Kind))
            .WithMessage("parent is required for every kind but province.");
        RuleFor(x => x.Parent).Must(p => p is null || Amounts.OrgUnitCode().IsMatch(p)).WithMessage("parent must be an org unit code.");
        RuleFor(x => x.Parent).NotEqual(x => x.Code).When(x => x.Parent is not null).WithMessage("An org unit cannot be its own parent.");
        RuleFor(x => x.Successor).Must(p => p is null || Amounts.OrgUnitCode().IsMatch(p)).WithMessage("successor must be an org unit code.");
        RuleFor(x => x.Successor).NotEqual(x => x.Code).When(x => x.Successor is not null).WithMessage("An org unit cannot succeed itself.");
        RuleFor(x => x.ValidTo).GreaterThanOrEqualTo(x => x.ValidFrom).When(x => x.ValidFrom is not null && x.ValidTo is not null)
            .WithMessage("validTo must not be before validFrom.");
    }
}
