using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Features.Targets.List;

internal sealed class ListTargetsRequest : IPagedRequest
{
    /// <summary>Only this indicator.</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    [QueryParam]
    public string? Indicator { get; set; }

    /// <summary>Only this org unit.</summary>
    /// <example>TQ</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Only this period (canonicalised: 2020-M01..M12 is 2020).</summary>
    /// <example>2020</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Only periods of this year, 2000 to 2100.</summary>
    /// <example>2020</example>
    [QueryParam]
    public int? Year { get; set; }

    /// <summary>Only targets of this kind: plan, resolution or commitment.</summary>
    /// <example>plan</example>
    [QueryParam]
    public string? Kind { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;

    /// <summary>json or csv (also chosen by Accept: text/csv); CSV holds the requested page.</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class ListTargetsValidator : Validator<ListTargetsRequest>
{
    public ListTargetsValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Period).MustBeAPeriod(required: false);
        RuleFor(x => x.Year).InclusiveBetween(Domain.Period.MinYear, Domain.Period.MaxYear)
            .WithMessage($"year must be from {Domain.Period.MinYear} to {Domain.Period.MaxYear}.");
        RuleFor(x => x.Kind).MustBeA<ListTargetsRequest, TargetKind>("kind");
        RuleFor(x => x.Format).MustBeAFormat();
    }
}

/// <summary>The current (newest) revision of one target.</summary>
internal sealed class TargetItem
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ</example>
    public string OrgUnit { get; set; } = "";

    /// <example>2020</example>
    public string Period { get; set; } = "";

    /// <summary>plan, resolution or commitment.</summary>
    /// <example>plan</example>
    public string Kind { get; set; } = "";

    /// <example>18029</example>
    public decimal Value { get; set; }

    /// <summary>atLeast or atMost.</summary>
    /// <example>atLeast</example>
    public string Comparison { get; set; } = "";

    /// <summary>The document the target comes from.</summary>
    /// <example>Kế hoạch phát triển KT-XH năm 2020</example>
    public string? Source { get; set; }

    /// <example>1</example>
    public int Revision { get; set; }

    /// <summary>When this revision was written (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed record TargetListRow
{
    public string Indicator { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public string Kind { get; init; } = "";
    public decimal Value { get; init; }
    public string Comparison { get; init; } = "";
    public string? Source { get; init; }
    public int Revision { get; init; }
    public DateTimeOffset WrittenAt { get; init; }

    public TargetItem ToItem() => new()
    {
        Indicator = Indicator,
        OrgUnit = OrgUnit,
        Period = Domain.Period.OfMonths(Year, FirstMonth, LastMonth).Code,
        Kind = Kind,
        Value = Value,
        Comparison = Comparison,
        Source = Source,
        Revision = Revision,
        UpdatedAt = WrittenAt,
    };
}
