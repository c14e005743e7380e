using System.Data.Common;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Reporting;

/// <summary>A stored schedule's own fields (table <c>schedules</c>).</summary>
internal sealed record ScheduleRow
{
    public string Code { get; init; } = "";
    public string NameVi { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Frequency { get; init; } = "";
    public string Cutoff { get; init; } = "";
    public int DueDays { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A schedule with its indicators and reporters (codes, in the schedule's order).</summary>
internal sealed record Schedule(ScheduleRow Row, IReadOnlyList<string> Indicators, IReadOnlyList<string> Reporters)
{
    public string Code => Row.Code;

    public ScheduleRules Rules { get; } = new(
        Stored.Wire<Frequency>(Row.Frequency), Stored.Wire<Cutoff>(Row.Cutoff), Row.DueDays, Row.ValidFrom, Row.ValidTo);
}

/// <summary>A schedule's code as a query parameter.</summary>
internal sealed record ScheduleKey(string Code);

/// <summary>Schedule codes as one JSON array.</summary>
internal sealed record ScheduleCodes(string Codes);

/// <summary>One indicator or reporter of a schedule (ScheduleMembers.sql): member 'i' or 'r'.</summary>
internal sealed record ScheduleMemberRow
{
    public string Schedule { get; init; } = "";
    public string Member { get; init; } = "";
    public string Code { get; init; } = "";
    public int Position { get; init; }
}

/// <summary>The reads of schedules that several slices share (the schedules' own slices, the report status, approvals).</summary>
internal static class ScheduleData
{
    private static readonly SqlFile<ScheduleKey> One = new("Kernel.Reporting.Schedule");
    private static readonly SqlFile<ScheduleCodes> Members = new("Kernel.Reporting.ScheduleMembers");

    /// <summary>The schedule with exactly this code (codes are case-sensitive whatever the collation), or null.</summary>
    public static async Task<Schedule?> FindAsync(Db db, DbConnection c, string code, DbTransaction? tx = null)
    {
        var row = await c.QuerySingleOrDefaultAsync<ScheduleRow>(db.Command(One, new ScheduleKey(code), tx));
        if (row is null || row.Code != code)
        {
            return null;
        }
        return (await WithMembersAsync(db, c, [row], tx))[0];
    }

    /// <summary>The schedules of <paramref name="rows"/> with their indicators and reporters, in one more query.</summary>
    public static async Task<IReadOnlyList<Schedule>> WithMembersAsync(Db db, DbConnection c, IReadOnlyList<ScheduleRow> rows, DbTransaction? tx = null)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var members = (await c.QueryAsync<ScheduleMemberRow>(db.Command(Members, new ScheduleCodes(JsonSerializer.Serialize(rows.Select(r => r.Code))), tx)))
            .ToLookup(m => m.Schedule, StringComparer.Ordinal);
        return rows.Select(r => new Schedule(
                r,
                members[r.Code].Where(m => m.Member == "i").OrderBy(m => m.Position).Select(m => m.Code).ToList(),
                members[r.Code].Where(m => m.Member == "r").OrderBy(m => m.Position).Select(m => m.Code).ToList()))
            .ToList();
    }
}
