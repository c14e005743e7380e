using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Targets.Put;

/// <summary>
/// The one write path for targets (the endpoint and the seeder), over the same batch machinery as values: every
/// item checked (400, all errors at once), then written all-or-nothing with revisions in target_revisions. Targets
/// may be set for any period, future ones included, and locks do not apply to them (SPEC: locks refuse writes of
/// actuals).
/// </summary>
[Singleton]
internal sealed class TargetWriter(Db db, RevisionedWriter writer)
{
    public const string Collection = "targets";

    internal static readonly RevisionedTable Targets = new(
        "targets",
        new SqlFile<BatchWriteArgs>("Features.Targets.Put.Write"),
        new SqlFile<SubmissionKey>("Features.Targets.Put.Written"),
        new SqlFile<ChangedKeys>("Features.Targets.Put.Changed"));

    public async Task<BatchResult> WriteAsync(PutTargetsRequest request, Caller caller, BatchOptions options, CancellationToken ct)
    {
        if (!caller.IsAdmin)
        {
            throw new InvalidOperationException("Only an admin writes targets; the endpoint's role check should have refused this caller.");
        }
        var catalogue = await CatalogueSnapshot.LoadAsync(db, ct);
        var check = new BatchCheck(Collection, catalogue);
        if (!check.Count(request.Targets))
        {
            return BatchResult.Refused(BatchOutcome.Invalid, check.Errors);
        }
        var items = request.Targets!;
        var rows = new List<BatchRow>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!check.Present(i, item))
            {
                continue;
            }
            var indicator = check.Indicator(i, item!.Indicator);
            var unit = check.OrgUnit(i, item.OrgUnit);
            var period = check.Period(i, item.Period);
            if (period is { } p && unit is not null)
            {
                check.CoveredBy(i, unit, p);
            }
            if (!WireNames.TryParse<TargetKind>(item.Kind, out _))
            {
                check.Add(i, "kind", item.Kind is null
                    ? "kind is required: plan, resolution or commitment."
                    : $"kind must be plan, resolution or commitment, not {Domain.Echo.Quote(item.Kind)}.");
            }
            check.Value(i, item.Value, indicator);
            string? comparison = null;
            if (item.Comparison is not null)
            {
                if (WireNames.TryParse<Comparison>(item.Comparison, out _))
                {
                    comparison = item.Comparison;
                }
                else
                {
                    check.Add(i, "comparison", $"comparison must be atLeast or atMost (or absent for the indicator's default), not {Domain.Echo.Quote(item.Comparison)}.");
                }
            }
            else if (indicator is not null && WireNames.TryParse<Direction>(indicator.Direction, out var direction))
            {
                // SPEC "Targets": atLeast by default for increase indicators, atMost for decrease; stored explicitly.
                comparison = WireNames.ToWire(PlanVsActual.DefaultComparison(direction));
            }
            var source = check.Text(i, "source", item.Source, BatchLimits.MaxSourceLength);
            if (indicator is null || unit is null || period is null || item.Kind is null)
            {
                continue;
            }
            check.Unique(i, indicator.Code, unit.Code, period.Value, item.Kind);
            if (!check.HasErrors)
            {
                rows.Add(new BatchRow(i, indicator.Code, unit.Code, period.Value, item.Kind, item.Value!.Value, comparison!, source));
            }
        }
        if (check.HasErrors)
        {
            return BatchResult.Refused(BatchOutcome.Invalid, check.Errors);
        }
        var result = await writer.WriteAsync(Targets, rows, caller, options, ct);
        return BatchResult.Written(result.Receipt!);
    }
}
