using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Submissions.Submit;

/// <summary>
/// The one write path for actual values: the endpoint and the seeder use it. Checks, in this order: every item's
/// validity (400, all errors at once), then the caller's rights over every item (403), then the period locks and the
/// approved reports (409, read inside the writing transaction: <see cref="ValueGuard"/>); only a batch that passes
/// them all is written, all-or-nothing
/// (<see cref="RevisionedWriter"/> with this slice's Write.sql and Written.sql).
/// </summary>
/// <remarks>
/// Validity before rights: a batch that is wrong is reported as wrong whoever sends it, and rights are judged only
/// on items that mean something (a known indicator, org unit and period).
/// </remarks>
[Singleton]
internal sealed class SubmissionWriter(Db db, RevisionedWriter writer, TimeProvider clock)
{
    public const string Collection = "values";

    internal static readonly RevisionedTable Values = new(
        "values",
        new SqlFile<BatchWriteArgs>("Features.Submissions.Submit.Write"),
        new SqlFile<SubmissionKey>("Features.Submissions.Submit.Written"),
        new SqlFile<ChangedKeys>("Features.Submissions.Submit.Changed"));

    public async Task<BatchResult> SubmitAsync(SubmitValuesRequest request, Caller caller, BatchOptions options, CancellationToken ct)
    {
        var catalogue = await CatalogueSnapshot.LoadAsync(db, ct);
        var check = new BatchCheck(Collection, catalogue);
        if (!check.Count(request.Values))
        {
            return BatchResult.Refused(BatchOutcome.Invalid, check.Errors);
        }
        var items = request.Values!;
        var today = ProvinceTime.Today(clock.GetUtcNow());
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
            if (period is { } p)
            {
                if (!p.HasStarted(today))
                {
                    check.Add(i, "period", $"{p.Code} has not started: values may be submitted from {p.Start:yyyy-MM-dd} (Vietnam time, UTC+7).");
                }
                if (unit is not null)
                {
                    check.CoveredBy(i, unit, p);
                }
            }
            check.Value(i, item.Value, indicator);
            if (!WireNames.TryParse<ValueStatus>(item.Status, out _))
            {
                check.Add(i, "status", item.Status is null
                    ? "status is required: estimate, preliminary or official."
                    : $"status must be estimate, preliminary or official, not {Domain.Echo.Quote(item.Status)}.");
            }
            var note = check.Text(i, "note", item.Note, BatchLimits.MaxNoteLength);
            if (indicator is null || unit is null || period is null)
            {
                continue;
            }
            check.Unique(i, indicator.Code, unit.Code, period.Value);
            if (!check.HasErrors)
            {
                rows.Add(new BatchRow(i, indicator.Code, unit.Code, period.Value, "", item.Value!.Value, item.Status!, note));
            }
        }
        if (check.HasErrors)
        {
            return BatchResult.Refused(BatchOutcome.Invalid, check.Errors);
        }

        var principal = caller.AsPrincipal(catalogue.ProvinceOf(caller.OrgUnit));
        var forbidden = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var verdict = Rights.Check(principal, new Act.WriteValue(row.Indicator, row.OrgUnit, catalogue.Indicator(row.Indicator)!.ResponsibleUnit));
            if (!verdict.Allowed)
            {
                forbidden[$"{Collection}[{row.Ordinal}].orgUnit"] = [verdict.Reason!];
            }
        }
        if (forbidden.Count > 0)
        {
            return BatchResult.Refused(BatchOutcome.Forbidden, forbidden);
        }

        // Locks (not for admins), then approved reports (for everyone): read inside the writing transaction.
        var guard = new ValueGuard(db, principal, Collection, rows);
        var result = await writer.WriteAsync(Values, rows, caller, options with { Guard = guard.CheckAsync }, ct);
        return result.Refusal is { } refused
            ? BatchResult.Refused(guard.Outcome, refused)
            : BatchResult.Written(result.Receipt!);
    }
}
