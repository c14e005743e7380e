using System.Data.Common;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Batches;

namespace Indicators.Api.Kernel.Locks;

/// <summary>A period lock (table <c>period_locks</c>); <c>org_unit</c> '' locks the period for every unit.</summary>
internal sealed record LockRow
{
    public string Period { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public DateTimeOffset LockedAt { get; init; }
    public string LockedBy { get; init; } = "";

    public Period Months => Domain.Period.OfMonths(Year, FirstMonth, LastMonth);
}

/// <summary>The years whose locks a batch reads, as a JSON array (one parameter whatever their number).</summary>
internal sealed record YearsArgs(string Years);

/// <summary>SPEC: writes of actuals inside a locked period are refused (409) except by an admin.</summary>
internal static class PeriodLocks
{
    /// <summary>The '' of "every unit" in the table.</summary>
    public const string AllUnits = "";

    private static readonly SqlFile<YearsArgs> OfYears = new("Kernel.Locks.OfYears");

    /// <summary>
    /// An item is locked when its period shares a month with a lock for every unit or for the item's own org unit (a
    /// lock on the province does not lock its districts). Read inside the writing transaction — on SQL Server with
    /// HOLDLOCK — so that a lock taken meanwhile waits for the batch or is seen by it.
    /// </summary>
    public static async Task<Dictionary<string, string[]>> LockedItemsAsync(Db db, DbConnection c, DbTransaction tx, string collection, IReadOnlyList<BatchRow> rows)
    {
        var years = JsonSerializer.Serialize(rows.Select(r => r.Period.Year).Distinct());
        var locks = (await c.QueryAsync<LockRow>(db.Command(OfYears, new YearsArgs(years), tx))).ToList();
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
                errors[$"{collection}[{row.Ordinal}].period"] = [$"{row.PeriodCode} of {row.OrgUnit} is locked by {string.Join(", ", hits)}; only an admin may write it."];
            }
        }
        return errors;
    }
}
