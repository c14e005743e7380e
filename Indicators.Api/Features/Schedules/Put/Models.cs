using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel;

namespace Indicators.Api.Features.Schedules.Put;

/// <summary>Create or replace a reporting schedule. The code comes from the route.</summary>
internal sealed class PutScheduleRequest
{
    /// <summary>^[A-Z][A-Z0-9_]{1,63}$</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Code { get; set; } = "";

    public LocalizedText? Name { get; set; }

    /// <summary>month, quarter, half, nine-months (2024-M01..M09, always from January) or year.</summary>
    /// <example>half</example>
    public string? Frequency { get; set; }

    /// <summary>calendar (the last day of the period) or decree-09 (the 14th of the period's last month, Decree 09/2019/NĐ-CP).</summary>
    /// <example>decree-09</example>
    public string? Cutoff { get; set; }

    /// <summary>0 to 90: days after the cut-off date; a report is due by the end of that day (Vietnam time).</summary>
    /// <example>6</example>
    public int? DueDays { get; set; }

    /// <summary>yyyy-MM-dd; optional: the first day the schedule applies.</summary>
    /// <example>2020-01-01</example>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>yyyy-MM-dd; optional: the last day the schedule applies (not before validFrom).</summary>
    /// <example>2020-12-31</example>
    public DateOnly? ValidTo { get; set; }

    /// <summary>1 to 1,000 indicator codes, each once.</summary>
    public List<string?>? Indicators { get; set; }

    /// <summary>
    /// 1 to 1,000 org unit codes, each once: districts and the city (they report every indicator for themselves),
    /// departments (they report the province-level figure of the indicators they are responsible for). A unit that
    /// would be expected to send nothing is refused.
    /// </summary>
    public List<string?>? Reporters { get; set; }
}

internal sealed class PutScheduleValidator : Validator<PutScheduleRequest>
{
    /// <summary>Indicators, and reporters, per schedule: a province has a few hundred of each.</summary>
    public const int MaxMembers = 1_000;

    public const int MaxDueDays = 90;

    public PutScheduleValidator()
    {
        RuleFor(x => x.Code).Must(c => c is not null && Amounts.IndicatorCode().IsMatch(c))
            .WithMessage("code must match ^[A-Z][A-Z0-9_]{1,63}$ (upper-case letters, digits and '_', starting with a letter).");
        RuleFor(x => x.Name).NotNull().WithMessage("name is required: { \"vi\": \"...\", \"en\": \"...\" }.");
        When(x => x.Name is not null, () =>
        {
            RuleFor(x => x.Name!.Vi).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 300).WithMessage("name.vi is required, at most 300 characters.");
            RuleFor(x => x.Name!.En).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 300).WithMessage("name.en is required, at most 300 characters.");
        });
        RuleFor(x => x.Frequency).Must(f => WireNames.TryParse<Frequency>(f, out _))
            .WithMessage($"frequency must be one of {string.Join(", ", WireNames.All<Frequency>())}.");
        RuleFor(x => x.Cutoff).Must(c => WireNames.TryParse<Cutoff>(c, out _))
            .WithMessage($"cutoff must be {string.Join(" or ", WireNames.All<Cutoff>())}.");
        RuleFor(x => x.DueDays).NotNull().WithMessage($"dueDays is required: 0 to {MaxDueDays} days after the cut-off date.")
            .InclusiveBetween(0, MaxDueDays).WithMessage($"dueDays must be from 0 to {MaxDueDays}.");
        RuleFor(x => x.ValidTo).GreaterThanOrEqualTo(x => x.ValidFrom).When(x => x.ValidFrom is not null && x.ValidTo is not null)
            .WithMessage("validTo must not be before validFrom.");
        const string indicators = "indicator codes such as INDUSTRIAL_OUTPUT";
        const string reporters = "org unit codes such as TQ-SD";
        RuleFor(x => x.Indicators).Must(l => l is { Count: > 0 and <= MaxMembers }).WithMessage(x => CountMessage("indicators", x.Indicators, indicators));
        RuleForEach(x => x.Indicators).Must(c => c is not null && Amounts.IndicatorCode().IsMatch(c))
            .When(x => x.Indicators is { Count: <= MaxMembers })
            .WithMessage((_, c) => ItemMessage(c, "an indicator code (^[A-Z][A-Z0-9_]{1,63}$)"));
        RuleFor(x => x.Reporters).Must(l => l is { Count: > 0 and <= MaxMembers }).WithMessage(x => CountMessage("reporters", x.Reporters, reporters));
        RuleForEach(x => x.Reporters).Must(c => c is not null && Amounts.OrgUnitCode().IsMatch(c))
            .When(x => x.Reporters is { Count: <= MaxMembers })
            .WithMessage((_, c) => ItemMessage(c, "an org unit code (^[A-Z0-9][A-Z0-9-]{0,31}$)"));
    }

    private static string CountMessage(string name, List<string?>? list, string what) => list is { Count: > MaxMembers }
        ? string.Create(CultureInfo.InvariantCulture, $"{name} has {list.Count:N0} items; a schedule holds at most {MaxMembers:N0}.")
        : string.Create(CultureInfo.InvariantCulture, $"{name} is required: an array of 1 to {MaxMembers:N0} {what}.");

    private static string ItemMessage(string? code, string what) => code is null ? "must be a code, not null." : $"{Echo.Quote(code)} is not {what}.";
}
