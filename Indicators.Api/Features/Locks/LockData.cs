using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Features.Batches;

namespace Indicators.Api.Features.Locks;

/// <summary>A period lock; <c>org_unit</c> '' locks the period for every unit.</summary>
public sealed record LockRow
{
    public string Period { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public DateTimeOffset LockedAt { get; init; }
    public string LockedBy { get; init; } = "";

    public Period Months => Domain.Period.OfMonths(Year, FirstMonth, LastMonth);

    public LockResponse ToResponse() => new()
    {
        Period = Period,
        OrgUnit = OrgUnit.Length == 0 ? null : OrgUnit,
        LockedAt = LockedAt,
        LockedBy = LockedBy,
    };
}

public static class LockData
{
    public const string Columns = "period, org_unit, year, first_month, last_month, locked_at, locked_by";

    /// <summary>The '' of "every unit" in the table.</summary>
    public const string AllUnits = "";

    /// <summary>
    /// SPEC: writes of actuals inside a locked period are refused. An item is locked when its period shares a month
    /// with a lock for every unit or for the item's own org unit (a lock on the province does not lock its districts).
    /// Read inside the writing transaction — on SQL Server with HOLDLOCK — so that a lock taken meanwhile waits for
    /// the batch or is seen by it.
    /// </summary>
    public static async Task<Dictionary<string, string[]>?> LockedItemsAsync(DbConnection c, DbTransaction tx, bool sqlite, string collection, IReadOnlyList<BatchRow> rows)
    {
        var years = rows.Select(r => r.Period.Year).Distinct().ToList();
        var locks = (await c.QueryAsync<LockRow>(
            $"SELECT {Columns} FROM period_locks{(sqlite ? "" : " WITH (HOLDLOCK)")} WHERE year IN @years", new { years }, tx)).ToList();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (locks.Count == 0)
        {
            return errors;
        }
        var byYear = locks.ToLookup(l => l.Year);
        foreach (var row in rows)
        {
            var hits = byYear[row.Period.Year]
                .Where(l => (l.OrgUnit == AllUnits || l.OrgUnit == row.OrgUnit) && l.Months.Overlaps(row.Period))
                .Select(l => l.OrgUnit == AllUnits ? $"{l.Period} (every unit)" : $"{l.Period} ({l.OrgUnit})")
                .ToList();
            if (hits.Count > 0)
            {
                errors[$"{collection}[{row.Ordinal}].period"] = [$"{row.Period.Code} of {row.OrgUnit} is locked by {string.Join(", ", hits)}; only an admin may write it."];
            }
        }
        return errors;
    }
}
