using FastEndpoints;
using Indicators.Api.Kernel.Batches;

namespace Indicators.Api.Features.Targets.Put;

/// <summary>A batch of targets: every item is stored, or none is.</summary>
internal sealed class PutTargetsRequest : IBatchRequest
{
    /// <summary>1 to 10,000 targets; each (indicator, orgUnit, period, kind) at most once.</summary>
    public List<SubmittedTarget?>? Targets { get; set; }

    /// <summary>Query parameter <c>?dryRun=true</c>: run every check and answer the counts the batch would produce (200),
    /// writing nothing. Not a field of the body.</summary>
    [QueryParam]
    public bool DryRun { get; set; }
}

/// <summary>One target: the key (indicator, orgUnit, period, kind) and its value.</summary>
internal sealed class SubmittedTarget
{
    /// <summary>An indicator code (case-sensitive).</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string? Indicator { get; set; }

    /// <summary>An org unit code (case-sensitive); the unit must exist on every day of the period.</summary>
    /// <example>TQ</example>
    public string? OrgUnit { get; set; }

    /// <summary>Any period, future ones included: 2020, 2020-S1, 2020-Q3, 2020-M07 or 2020-M01..M09.</summary>
    /// <example>2020</example>
    public string? Period { get; set; }

    /// <summary>plan (kế hoạch / dự toán), resolution (chỉ tiêu nghị quyết) or commitment.</summary>
    /// <example>plan</example>
    public string? Kind { get; set; }

    /// <summary>A JSON number with at most the indicator's decimals, within its min and max.</summary>
    /// <example>18029</example>
    public decimal? Value { get; set; }

    /// <summary>atLeast or atMost; absent: atLeast for an increase indicator, atMost for a decrease one.</summary>
    /// <example>atLeast</example>
    public string? Comparison { get; set; }

    /// <summary>The document the target comes from; optional, at most 500 characters.</summary>
    /// <example>Nghị quyết HĐND tỉnh về kế hoạch phát triển KT-XH năm 2020</example>
    public string? Source { get; set; }
}
