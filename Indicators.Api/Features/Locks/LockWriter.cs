using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Features.OrgUnits;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.Locks;

public sealed record LockTarget(Period Period, string OrgUnit);

/// <summary>Locks and unlocks periods (admin). The period is canonicalised, so 2020-M01..M06 and 2020-S1 are one lock.</summary>
public sealed class LockWriter(Db db, TimeProvider clock)
{
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
            if (await OrgUnitData.FindAsync(c, r.OrgUnit) is not { } unit || unit.Code != r.OrgUnit)
            {
                errors["orgUnit"] = [$"There is no org unit {Domain.Echo.Quote(r.OrgUnit)} (codes are case-sensitive)."];
            }
        }
        return errors.Count > 0 ? (null, errors) : (new LockTarget(period, r.OrgUnit ?? LockData.AllUnits), errors);
    }

    /// <summary>Locks the period; false when it was locked already (the existing lock is returned).</summary>
    public Task<(bool Created, LockRow Lock)> LockAsync(LockTarget target, string lockedBy, CancellationToken ct) =>
        DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var key = new { Period = target.Period.Code, target.OrgUnit };
            var existing = await c.QuerySingleOrDefaultAsync<LockRow>(
                $"SELECT {LockData.Columns} FROM period_locks{(db.IsSqlite ? "" : " WITH (UPDLOCK, HOLDLOCK)")} WHERE period = @Period AND org_unit = @OrgUnit", key, tx);
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
            await c.ExecuteAsync(
                "INSERT INTO period_locks (period, org_unit, year, first_month, last_month, locked_at, locked_by) " +
                "VALUES (@Period, @OrgUnit, @Year, @FirstMonth, @LastMonth, @LockedAt, @LockedBy)", row, tx);
            await DataVersion.BumpAsync(c, tx);
            await tx.CommitAsync(ct);
            return (true, row);
        });

    /// <summary>Unlocks the period; false when it was not locked.</summary>
    public Task<bool> UnlockAsync(LockTarget target, CancellationToken ct) =>
        DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var deleted = await c.ExecuteAsync("DELETE FROM period_locks WHERE period = @Period AND org_unit = @OrgUnit",
                new { Period = target.Period.Code, target.OrgUnit }, tx);
            if (deleted > 0)
            {
                await DataVersion.BumpAsync(c, tx);
            }
            await tx.CommitAsync(ct);
            return deleted > 0;
        });
}
