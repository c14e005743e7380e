using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Locks;

namespace Indicators.Api.Features.Locks;

internal sealed record LockTarget(Period Period, string OrgUnit);

/// <summary>The key of Find.sql and Delete.sql.</summary>
internal sealed record LockKey(string Period, string OrgUnit);

/// <summary>Locks and unlocks periods (admin). The period is canonicalised, so 2020-M01..M06 and 2020-S1 are one lock.</summary>
[Singleton]
internal sealed class LockWriter(Db db, TimeProvider clock)
{
    private static readonly SqlFile<LockKey> Find = new("Features.Locks.Find");
    private static readonly SqlFile<LockRow> Insert = new("Features.Locks.Insert");
    private static readonly SqlFile<LockKey> Delete = new("Features.Locks.Delete");

    /// <summary>The lock's key, or the errors keyed by request field.</summary>
    public async Task<(LockTarget? Target, Dictionary<string, string[]> Errors)> ResolveAsync(LockRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Period.TryParse(r.Period, out var period, out var error))
        {
            errors["period"] = [error];
        }
        if (r.OrgUnit is not null)
        {
            await using var c = await db.OpenAsync(ct);
            if (await CatalogueData.OrgUnitAsync(db, c, r.OrgUnit) is null)
            {
                errors["orgUnit"] = [$"There is no org unit {Domain.Echo.Quote(r.OrgUnit)} (codes are case-sensitive)."];
            }
        }
        return errors.Count > 0 ? (null, errors) : (new LockTarget(period, r.OrgUnit ?? PeriodLocks.AllUnits), errors);
    }

    /// <summary>Locks the period; false when it was locked already (the existing lock is returned).</summary>
    public Task<(bool Created, LockRow Lock)> LockAsync(LockTarget target, string lockedBy, CancellationToken ct) =>
        DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var existing = await c.QuerySingleOrDefaultAsync<LockRow>(db.Command(Find, new LockKey(target.Period.Code, target.OrgUnit), tx));
            if (existing is not null)
            {
                await tx.CommitAsync(ct);
                return (false, existing);
            }
            var row = new LockRow
            {
                Period = target.Period.Code,
                OrgUnit = target.OrgUnit,
                Year = target.Period.Year,
                FirstMonth = target.Period.FirstMonth,
                LastMonth = target.Period.LastMonth,
                LockedAt = clock.GetUtcNow(),
                LockedBy = lockedBy,
            };
            await c.ExecuteAsync(db.Command(Insert, row, tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.NoFigures);
            await tx.CommitAsync(ct);
            return (true, row);
        });

    /// <summary>Unlocks the period; false when it was not locked.</summary>
    public Task<bool> UnlockAsync(LockTarget target, CancellationToken ct) =>
        DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var deleted = await c.ExecuteAsync(db.Command(Delete, new LockKey(target.Period.Code, target.OrgUnit), tx));
            if (deleted > 0)
            {
                await DataVersion.BumpAsync(db, c, tx, DataChange.NoFigures);
            }
            await tx.CommitAsync(ct);
            return deleted > 0;
        });
}
