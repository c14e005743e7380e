using Indicators.Api.Domain;

namespace Indicators.Api.Kernel.Batches;

/// <summary>
/// One checked item of a batch. Values and targets share the shape: the key is (indicator, org unit, period, kind)
/// with kind "" for values; the payload is the value, a tag (a value's status, a target's comparison) and a detail
/// (a value's note, a target's source).
/// </summary>
internal sealed record BatchRow(int Ordinal, string Indicator, string OrgUnit, Period Period, string Kind, decimal Value, string Tag, string? Detail)
{
    /// <summary><see cref="Period"/>'s code, made once: staging, the locks and the approvals each need it per row.</summary>
    public string PeriodCode { get; } = Period.Code;
}
