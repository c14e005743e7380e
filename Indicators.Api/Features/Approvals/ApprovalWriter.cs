using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Approvals;

/// <summary>The key of Find.sql and Reopen.sql.</summary>
internal sealed record ReportKey(string Schedule, string Period, string OrgUnit);

/// <summary>The parameters of Freeze.sql: the report and its expected keys as a JSON array of { indicator, orgUnit }.</summary>
internal sealed record FreezeArgs(string Schedule, string Period, string Reporter, string Keys);

/// <summary>The parameters of History.sql.</summary>
internal sealed record HistoryArgs(string Schedule, string Period, string OrgUnit, string Action, DateTimeOffset ActedAt, string ActedBy);

/// <summary>What an approval or a reopening did, or why it did not (then nothing changed).</summary>
internal sealed record ApprovalResult(ApprovalResult.Kind Outcome, ApprovalRecord? Approval, ProblemResult? Problem, Dictionary<string, string[]>? Invalid)
{
    public enum Kind
    {
        Approved,
        AlreadyApproved,
        Reopened,
        Refused,
        Invalid,
    }

    public static ApprovalResult Refuse(ProblemResult problem) => new(Kind.Refused, null, problem, null);

    public static ApprovalResult Bad(string field, string message) => new(Kind.Invalid, null, null, new() { [field] = [message] });
}

/// <summary>
/// Approves and reopens reports (SPEC "Approval"), admin only. Each runs in the writer's turn (SQLite) and one
/// transaction: the approval first freezes the report's expected keys (table <c>approval_keys</c>, which every batch of
/// values reads in its own writing transaction), then reads whether the report is complete — on SQL Server the
/// freezing insert waits for any batch already past its guard in that period, so a batch that commits before the
/// approval is in the approved figures and one after is refused; never a mix.
/// </summary>
[Singleton]
internal sealed class ApprovalWriter(Db db, TimeProvider clock)
{
    private static readonly SqlFile<ReportKey> Find = new("Features.Approvals.Find");
    private static readonly SqlFile<FreezeArgs> Freeze = new("Features.Approvals.Freeze");
    private static readonly SqlFile<ApprovalRecord> Insert = new("Features.Approvals.Insert");
    private static readonly SqlFile<ReportKey> Reopen = new("Features.Approvals.Reopen");
    private static readonly SqlFile<HistoryArgs> History = new("Features.Approvals.History");

    public Task<ApprovalResult> ApproveAsync(ReportRouteRequest r, Caller caller, CancellationToken ct)
    {
        if (!Period.TryParse(r.Period, out var period, out var error))
        {
            return Task.FromResult(ApprovalResult.Bad("period", error));
        }
        return DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            using var turn = await db.EnterWriterAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var schedule = await ScheduleData.FindAsync(db, c, r.Schedule, tx);
            if (Check(schedule, r, period) is { } refused)
            {
                return refused;
            }
            var catalogue = new CatalogueSnapshot(await CatalogueData.IndicatorsAsync(db, c, tx), await CatalogueData.OrgUnitsAsync(db, c, tx));
            var report = ScheduleReports.For(schedule!, catalogue, period).FirstOrDefault(x => x.Reporter.Code == r.OrgUnit);
            if (report is null)
            {
                return ApprovalResult.Refuse(ProblemResult.NotFound(catalogue.OrgUnit(r.OrgUnit) is null
                    ? $"There is no org unit {Echo.Quote(r.OrgUnit)} (codes are case-sensitive)."
                    : $"{r.OrgUnit} has no report on {schedule!.Code} for {period.Code}: it is not a reporter of the schedule, or not valid during the period, or has nothing to send."));
            }
            var key = new ReportKey(schedule!.Code, period.Code, r.OrgUnit);
            if (await c.QuerySingleOrDefaultAsync<ApprovalRecord>(db.Command(Find, key, tx)) is { } existing)
            {
                // SPEC: approving an approved report changes nothing.
                await tx.CommitAsync(ct);
                return new ApprovalResult(ApprovalResult.Kind.AlreadyApproved, existing, null, null);
            }
            var keys = JsonSerializer.Serialize(report.Keys.Select(k => new { indicator = k.Indicator, orgUnit = k.OrgUnit }));
            await c.ExecuteAsync(db.Command(Freeze, new FreezeArgs(key.Schedule, key.Period, key.OrgUnit, keys), tx));
            var received = await ScheduleReports.ReceivedAsync(db, c, report.Keys, period, tx);
            var missing = report.Keys.Where(k => !received.Contains(k)).ToList();
            if (missing.Count > 0)
            {
                await tx.RollbackAsync(ct);
                return ApprovalResult.Refuse(new ProblemResult(ProblemTypes.ReportIncomplete,
                    $"The report of {r.OrgUnit} on {key.Schedule} for {key.Period} is not complete: {missing.Count} of {report.Keys.Count} expected values " +
                    $"have no value ({string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}). Only a complete report can be approved.",
                    new Dictionary<string, string[]> { ["missing"] = [.. missing.Select(m => m.ToString())] }));
            }
            var approval = new ApprovalRecord
            {
                Schedule = key.Schedule, Period = key.Period, OrgUnit = key.OrgUnit, ApprovedAt = clock.GetUtcNow(), ApprovedBy = caller.KeyName,
            };
            await c.ExecuteAsync(db.Command(Insert, approval, tx));
            await c.ExecuteAsync(db.Command(History, new HistoryArgs(key.Schedule, key.Period, key.OrgUnit,
                WireNames.ToWire(ApprovalAction.Approved), approval.ApprovedAt, approval.ApprovedBy), tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.NoFigures);
            await tx.CommitAsync(ct);
            return new ApprovalResult(ApprovalResult.Kind.Approved, approval, null, null);
        });
    }

    public Task<ApprovalResult> ReopenAsync(ReportRouteRequest r, Caller caller, CancellationToken ct)
    {
        if (!Period.TryParse(r.Period, out var period, out var error))
        {
            return Task.FromResult(ApprovalResult.Bad("period", error));
        }
        return DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            using var turn = await db.EnterWriterAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var schedule = await ScheduleData.FindAsync(db, c, r.Schedule, tx);
            if (schedule is null)
            {
                return Check(schedule, r, period)!;
            }
            // Whatever the schedule is now: an approval given before its reporters, frequency or validity changed can
            // still be reopened (else its values would stay frozen for good). Only a period with no approval is judged
            // against the schedule's rules (400) or answered 404.
            var key = new ReportKey(schedule.Code, period.Code, r.OrgUnit);
            var existing = await c.QuerySingleOrDefaultAsync<ApprovalRecord>(db.Command(Find, key, tx));
            if (existing is null)
            {
                await tx.RollbackAsync(ct);
                return Check(schedule, r, period)
                    ?? ApprovalResult.Refuse(ProblemResult.NotFound($"The report of {Echo.Quote(r.OrgUnit)} on {key.Schedule} for {key.Period} is not approved."));
            }
            await c.ExecuteAsync(db.Command(Reopen, key, tx));
            await c.ExecuteAsync(db.Command(History, new HistoryArgs(key.Schedule, key.Period, key.OrgUnit,
                WireNames.ToWire(ApprovalAction.Reopened), clock.GetUtcNow(), caller.KeyName), tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.NoFigures);
            await tx.CommitAsync(ct);
            return new ApprovalResult(ApprovalResult.Kind.Reopened, existing, null, null);
        });
    }

    /// <summary>404 for an unknown schedule, 400 for a period that is not one of its own.</summary>
    private static ApprovalResult? Check(Schedule? schedule, ReportRouteRequest r, Period period)
    {
        if (schedule is null)
        {
            return ApprovalResult.Refuse(ProblemResult.NotFound($"There is no schedule {Echo.Quote(r.Schedule)} (codes are case-sensitive)."));
        }
        return ReportingCycle.RefusePeriod(schedule.Code, schedule.Rules, period) is { } refused ? ApprovalResult.Bad("period", refused) : null;
    }
}
