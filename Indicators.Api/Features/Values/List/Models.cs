using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Features.Values.List;

internal sealed class ListValuesRequest : IPagedRequest
{
    /// <summary>Only this indicator.</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    [QueryParam]
    public string? Indicator { get; set; }

    /// <summary>Only this org unit.</summary>
    /// <example>TQ</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Only this period (canonicalised: 2020-M01..M06 is 2020-S1).</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Only periods of this year, 2000 to 2100.</summary>
    /// <example>2020</example>
    [QueryParam]
    public int? Year { get; set; }

    /// <summary>Only values of this status: estimate, preliminary or official.</summary>
    /// <example>estimate</example>
    [QueryParam]
    public string? Status { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;

    /// <summary>json, csv, sdmx-csv or sdmx-json (also chosen by the Accept header); CSV and SDMX hold the requested page.</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class ListValuesValidator : Validator<ListValuesRequest>
{
    public ListValuesValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Period).MustBeAPeriod(required: false);
        RuleFor(x => x.Year).InclusiveBetween(Domain.Period.MinYear, Domain.Period.MaxYear)
            .WithMessage($"year must be from {Domain.Period.MinYear} to {Domain.Period.MaxYear}.");
        RuleFor(x => x.Status).MustBeA<ListValuesRequest, ValueStatus>("status");
        RuleFor(x => x.Format).MustBeAFormatOrSdmx();
    }
}

/// <summary>The current (newest) revision of one actual value.</summary>
internal sealed class ValueItem
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ</example>
    public string OrgUnit { get; set; } = "";

    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>Exactly as submitted.</summary>
    /// <example>7966</example>
    public decimal Value { get; set; }

    /// <summary>estimate, preliminary or official.</summary>
    /// <example>estimate</example>
    public string Status { get; set; } = "";

    public string? Note { get; set; }

    /// <summary>1 for the first write of the key, then one more per change.</summary>
    /// <example>1</example>
    public int Revision { get; set; }

    /// <summary>When this revision was written (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The submission (receipt) that wrote this revision.</summary>
    /// <example>01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10</example>
    public string SubmissionId { get; set; } = "";
}

internal sealed record ValueListRow
{
    public string Indicator { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public decimal Value { get; init; }
    public string Status { get; init; } = "";
    public string? Note { get; init; }
    public int Revision { get; init; }
    public DateTimeOffset WrittenAt { get; init; }
    public string SubmissionId { get; init; } = "";

    public ValueItem ToItem() => new()
    {
        Indicator = Indicator,
        OrgUnit = OrgUnit,
        Period = Domain.Period.OfMonths(Year, FirstMonth, LastMonth).Code,
        Value = Value,
        Status = Status,
        Note = Note,
        Revision = Revision,
        UpdatedAt = WrittenAt,
        SubmissionId = SubmissionId,
    };
}
