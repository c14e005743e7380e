using FastEndpoints;
using Indicators.Api.Kernel.Batches;

namespace Indicators.Api.Features.Submissions.Submit;

/// <summary>A batch of actual values: every item is stored, or none is.</summary>
internal sealed class SubmitValuesRequest : IBatchRequest
{
    /// <summary>1 to 10,000 values; each (indicator, orgUnit, period) at most once.</summary>
    public List<SubmittedValue?>? Values { get; set; }

    /// <summary>Query parameter <c>?dryRun=true</c>: run every check and answer the counts the batch would produce (200),
    /// writing nothing. Not a field of the body.</summary>
    [QueryParam]
    public bool DryRun { get; set; }
}

/// <summary>One actual value: the key (indicator, orgUnit, period) and what is reported for it.</summary>
internal sealed class SubmittedValue
{
    /// <summary>An indicator code (case-sensitive).</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string? Indicator { get; set; }

    /// <summary>An org unit code (case-sensitive); the unit must exist on every day of the period.</summary>
    /// <example>TQ-SD</example>
    public string? OrgUnit { get; set; }

    /// <summary>A period that has started (Vietnam time): 2020, 2020-S1, 2020-Q3, 2020-M07 or 2020-M01..M09.</summary>
    /// <example>2020-S1</example>
    public string? Period { get; set; }

    /// <summary>A JSON number with at most the indicator's decimals, within its min and max.</summary>
    /// <example>2700</example>
    public decimal? Value { get; set; }

    /// <summary>estimate (ước), preliminary (sơ bộ) or official (chính thức).</summary>
    /// <example>estimate</example>
    public string? Status { get; set; }

    /// <summary>Optional, at most 1,000 characters.</summary>
    /// <example>Báo cáo 6 tháng đầu năm 2020</example>
    public string? Note { get; set; }
}
