using System.Data.Common;
using System.Text.Json;
using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Batches;

namespace Indicators.Api.Kernel.Approvals;

/// <summary>A value key frozen by an approved report (OfPeriods.sql).</summary>
internal sealed record FrozenKeyRow
{
    public string Period { get; init; } = "";
    public string Indicator { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public string Schedule { get; init; } = "";
    public string Reporter { get; init; } = "";
    public DateTimeOffset ApprovedAt { get; init; }
    public string ApprovedBy { get; init; } = "";
}

/// <summary>An approved report of a schedule's period (OfReportPeriod.sql).</summary>
internal sealed record ApprovalRow
{
    public string OrgUnit { get; init; } = "";
    public DateTimeOffset ApprovedAt { get; init; }
    public string ApprovedBy { get; init; } = "";
}

/// <summary>The periods of a batch as one JSON array.</summary>
internal sealed record PeriodsArgs(string Periods);

/// <summary>A schedule and period as query parameters.</summary>
internal sealed record ReportPeriodArgs(string Schedule, string Period);

/// <summary>
/// SPEC "Approval": while a report is approved, any batch with an item on one of its expected keys is refused whole
/// (409 report-approved) for every caller. An approval stores the keys it freezes (table <c>approval_keys</c>); the
/// write path reads those of its batch's periods inside its writing transaction (<see cref="ValueGuard"/>).
/// </summary>
internal static class ApprovedReports
{
    private static readonly SqlFile<PeriodsArgs> OfPeriods = new("Kernel.Approvals.OfPeriods");
    private static readonly SqlFile<ReportPeriodArgs> OfReportPeriod = new("Kernel.Approvals.OfReportPeriod");

    /// <summary>The batch's items that fall on a frozen key, each keyed <c>{collection}[i].period</c>; empty when none does.</summary>
    public static async Task<Dictionary<string, string[]>> FrozenItemsAsync(Db db, DbConnection c, DbTransaction tx, string collection, IReadOnlyList<BatchRow> rows)
    {
        var periods = JsonSerializer.Serialize(rows.Select(r => r.PeriodCode).Distinct(StringComparer.Ordinal));
        var frozen = (await c.QueryAsync<FrozenKeyRow>(db.Command(OfPeriods, new PeriodsArgs(periods), tx)))
            .ToLookup(k => (k.Indicator, k.OrgUnit, k.Period));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (frozen.Count == 0)
        {
            return errors;
        }
        foreach (var row in rows)
        {
            var reports = frozen[(row.Indicator, row.OrgUnit, row.PeriodCode)].ToList();
            if (reports.Count > 0)
            {
                errors[$"{collection}[{row.Ordinal}].period"] =
                [
                    .. reports.Select(k =>
                        $"{row.Indicator} of {row.OrgUnit} for {row.PeriodCode} is in the report of {k.Reporter} on {k.Schedule}, approved at " +
                        $"{k.ApprovedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} by {k.ApprovedBy}; an admin must reopen that report (DELETE /api/v1/approvals/{k.Schedule}/{k.Period}/{k.Reporter}) before the value can change."),
                ];
            }
        }
        return errors;
    }

    /// <summary>The approved reports of a schedule's period, by reporter.</summary>
    public static async Task<Dictionary<string, ApprovalRow>> OfReportPeriodAsync(Db db, DbConnection c, string schedule, string period) =>
        (await c.QueryAsync<ApprovalRow>(db.Command(OfReportPeriod, new ReportPeriodArgs(schedule, period))))
            .ToDictionary(a => a.OrgUnit, StringComparer.Ordinal);
}
