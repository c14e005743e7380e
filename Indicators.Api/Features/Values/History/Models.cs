using FastEndpoints;
using FluentValidation;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Features.Values.History;

internal sealed class ValueHistoryRequest : IPagedRequest
{
    /// <summary>Required.</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    [QueryParam]
    public string? Indicator { get; set; }

    /// <summary>Required.</summary>
    /// <example>TQ</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Required; canonicalised (2020-M01..M06 is 2020-S1).</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;

    /// <summary>json or csv (also chosen by Accept: text/csv).</summary>
    [QueryParam]
    public string? Format { get; set; }
}

internal sealed class ValueHistoryValidator : Validator<ValueHistoryRequest>
{
    public ValueHistoryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Indicator).NotEmpty().WithMessage("indicator is required.");
        RuleFor(x => x.OrgUnit).NotEmpty().WithMessage("orgUnit is required.");
        RuleFor(x => x.Period).MustBeAPeriod(required: true);
        RuleFor(x => x.Format).MustBeAFormat();
    }
}

/// <summary>Every revision of one key (indicator, orgUnit, period), newest first; empty when nothing was ever written for it.</summary>
internal sealed class ValueHistoryResponse
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Indicator { get; set; } = "";

    /// <example>TQ</example>
    public string OrgUnit { get; set; } = "";

    /// <summary>Canonical.</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    public IReadOnlyList<ValueRevisionItem> Items { get; set; } = [];

    /// <example>1</example>
    public int Page { get; set; }

    /// <example>100</example>
    public int PageSize { get; set; }

    /// <summary>Revisions of the key.</summary>
    /// <example>2</example>
    public int Total { get; set; }
}

/// <summary>One revision: what was written, by which key of which unit, when, in which submission.</summary>
internal sealed class ValueRevisionItem
{
    /// <example>7966</example>
    public decimal Value { get; set; }

    /// <example>estimate</example>
    public string Status { get; set; } = "";

    public string? Note { get; set; }

    /// <summary>The name of the API key that wrote it.</summary>
    /// <example>seed</example>
    public string WrittenBy { get; set; } = "";

    /// <summary>The org unit of that key.</summary>
    /// <example>TQ</example>
    public string WrittenByUnit { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTimeOffset WrittenAt { get; set; }

    /// <example>01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10</example>
    public string SubmissionId { get; set; } = "";

    /// <summary>1 for the first write, then one more per change.</summary>
    /// <example>1</example>
    public int Revision { get; set; }
}

internal sealed record ValueRevisionRow
{
    public int Revision { get; init; }
    public decimal Value { get; init; }
    public string Status { get; init; } = "";
    public string? Note { get; init; }
    public string WrittenByKey { get; init; } = "";
    public string WrittenByUnit { get; init; } = "";
    public DateTimeOffset WrittenAt { get; init; }
    public string SubmissionId { get; init; } = "";

    public ValueRevisionItem ToItem() => new()
    {
        Value = Value,
        Status = Status,
        Note = Note,
        WrittenBy = WrittenByKey,
        WrittenByUnit = WrittenByUnit,
        WrittenAt = WrittenAt,
        SubmissionId = SubmissionId,
        Revision = Revision,
    };
}
