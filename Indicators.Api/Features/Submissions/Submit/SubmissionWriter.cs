using Indicators.Api.Domain;
using Indicators.Api.Features.Batches;
using Indicators.Api.Features.Locks;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.Submissions.Submit;

/// <summary>
/// The one write path for actual values: the endpoint and the seeder use it. Checks, in this order: every item's
/// validity (400, all errors at once), then the caller's rights over every item (403), then the period locks (409,
/// read inside the writing transaction); only a batch that passes all three is written, all-or-nothing.
/// </summary>
/// <remarks>
/// Validity before rights: a batch that is wrong is reported as wrong whoever sends it, and rights are judged only
/// on items that mean something (a known indicator, org unit and period).
/// </remarks>
public sealed class SubmissionWriter(Db db, RevisionedBatchWriter writer, TimeProvider clock)
{
    public const string Collection = "values";

    public async Task<BatchResult> SubmitAsync(SubmitValuesRequest request, Caller caller, BatchOptions options, CancellationToken ct)
    {
        var catalogue = await BatchCatalogue.LoadAsync(db, ct);
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

        var forbidden = Forbidden(catalogue, caller, rows);
        if (forbidden.Count > 0)
        {
            return BatchResult.Refused(BatchOutcome.Forbidden, forbidden);
        }

        // SPEC "Callers and rights": locks refuse writes of actuals "except by admin".
        var guarded = caller.IsAdmin
            ? options
            : options with { Guard = (c, tx) => LockData.LockedItemsAsync(c, tx, db.IsSqlite, Collection, rows) };
        var result = await writer.WriteAsync(RevisionedTable.Values, rows, caller, guarded, ct);
        return result.Refusal is { } locked
            ? BatchResult.Refused(BatchOutcome.Locked, locked)
            : BatchResult.Written(result.Receipt!);
    }

    /// <summary>
    /// SPEC "Callers and rights": an admin writes anything; a submitter writes its own unit's figures, and — for a
    /// department — the province-level figures of the indicators whose responsibleUnit it is.
    /// </summary>
    /// <remarks>
    /// Decision: "its own territory" is the submitter's own org unit only, not the units below it. Districts and the
    /// city have no units below them here, and a key of the province should not silently write for every district.
    /// The province is the root of the submitter's own tree.
    /// </remarks>
    public static Dictionary<string, string[]> Forbidden(BatchCatalogue catalogue, Caller caller, IReadOnlyList<BatchRow> rows)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (caller.IsAdmin)
        {
            return errors;
        }
        if (caller.Role != Roles.Submitter)
        {
            foreach (var row in rows)
            {
                errors[$"{Collection}[{row.Ordinal}].orgUnit"] = [$"A {caller.Role} key may not write values."];
            }
            return errors;
        }
        var province = catalogue.ProvinceOf(caller.OrgUnit);
        foreach (var row in rows)
        {
            if (row.OrgUnit == caller.OrgUnit)
            {
                continue;
            }
            var responsible = catalogue.Indicators[row.Indicator].ResponsibleUnit;
            if (row.OrgUnit == province && responsible == caller.OrgUnit)
            {
                continue;
            }
            errors[$"{Collection}[{row.Ordinal}].orgUnit"] = [row.OrgUnit == province
                ? $"The province-level {row.Indicator} is reported by {responsible ?? "the planning office (no responsible unit)"}, not by {caller.OrgUnit}."
                : $"A key of {caller.OrgUnit} writes only {caller.OrgUnit}'s own figures (and the province-level figures of the indicators {caller.OrgUnit} is responsible for), not {row.OrgUnit}'s."];
        }
        return errors;
    }
}
