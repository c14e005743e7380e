using System.Data.Common;
using Dapper;
using System.Text.Json;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Kernel.Reporting;

/// <summary>One reporter's report for a period: the unit and the values it is expected to send.</summary>
internal sealed record ExpectedReport(OrgUnitRow Reporter, IReadOnlyList<ValueKey> Keys);

/// <summary>The scope of ReceivedValues.sql: (indicators) × (org units) as JSON arrays, for exactly one period.</summary>
internal sealed record ReceivedScope(string Indicators, string OrgUnits, int Year, int FirstMonth, int LastMonth);

/// <summary>
/// A schedule's reports for a period and what has been received for them: shared by the report status (which shows
/// them) and approvals (which accept a complete one and freeze its keys).
/// </summary>
internal static class ScheduleReports
{
    private static readonly SqlFile<ReceivedScope> Received = new("Kernel.Reporting.ReceivedValues");

    /// <summary>A catalogue unit as the reporting rules see it; its province is the root of its tree when that is a province.</summary>
    public static Reporter AsReporter(CatalogueSnapshot catalogue, OrgUnitRow unit)
    {
        var root = catalogue.ProvinceOf(unit.Code);
        var province = root is not null && catalogue.OrgUnit(root)?.Kind == OrgUnitKinds.Province ? root : null;
        return new Reporter(unit.Code, Stored.Wire<OrgUnitKind>(unit.Kind), unit.ValidFrom, unit.ValidTo, province);
    }

    /// <summary>The schedule's indicators with their responsible units (indicators are never deleted).</summary>
    public static IReadOnlyList<ScheduleIndicator> Indicators(Schedule schedule, CatalogueSnapshot catalogue) =>
        schedule.Indicators
            .Select(code => catalogue.Indicator(code))
            .OfType<IndicatorRow>()
            .Select(i => new ScheduleIndicator(i.Code, i.ResponsibleUnit))
            .ToList();

    /// <summary>
    /// The reports of the period, in the schedule's order of reporters: every reporter valid on at least one day of it
    /// that is expected to send something (the catalogue may have changed since the schedule was saved: a department
    /// no longer responsible for any of its indicators has no report). The period must be one of the schedule's
    /// (<see cref="ReportingCycle.RefusePeriod"/>).
    /// </summary>
    public static IReadOnlyList<ExpectedReport> For(Schedule schedule, CatalogueSnapshot catalogue, Period period)
    {
        var indicators = Indicators(schedule, catalogue);
        var reports = new List<ExpectedReport>(schedule.Reporters.Count);
        foreach (var code in schedule.Reporters)
        {
            if (catalogue.OrgUnit(code) is not { } unit)
            {
                continue;
            }
            var reporter = AsReporter(catalogue, unit);
            if (!ReportingCycle.IsExpectedDuring(reporter, period))
            {
                continue;
            }
            var keys = ReportingCycle.ExpectedKeys(reporter, indicators);
            if (keys.Count > 0)
            {
                reports.Add(new ExpectedReport(unit, keys));
            }
        }
        return reports;
    }

    /// <summary>
    /// When each of <paramref name="keys"/> that has a current value for exactly <paramref name="period"/> was first
    /// received (its revision 1, kept on the current row): one query whatever the number of keys.
    /// </summary>
    public static Task<Dictionary<ValueKey, DateTimeOffset>> FirstWrittenAsync(Db db, DbConnection c, IReadOnlyCollection<ValueKey> keys, Period period, DbTransaction? tx = null) =>
        ReadReceivedAsync(db, c, keys, period, tx);

    /// <summary>Which of <paramref name="keys"/> have a current value for exactly <paramref name="period"/> (an approval
    /// asks only whether the report is complete, in the writer's turn).</summary>
    public static async Task<IReadOnlySet<ValueKey>> ReceivedAsync(Db db, DbConnection c, IReadOnlyCollection<ValueKey> keys, Period period, DbTransaction? tx = null) =>
        (await ReadReceivedAsync(db, c, keys, period, tx)).Keys.ToHashSet();

    private static async Task<Dictionary<ValueKey, DateTimeOffset>> ReadReceivedAsync(
        Db db, DbConnection c, IReadOnlyCollection<ValueKey> keys, Period period, DbTransaction? tx)
    {
        var result = new Dictionary<ValueKey, DateTimeOffset>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }
        var wanted = keys as IReadOnlySet<ValueKey> ?? keys.ToHashSet();
        var scope = new ReceivedScope(
            JsonSerializer.Serialize(keys.Select(k => k.Indicator).Distinct()),
            JsonSerializer.Serialize(keys.Select(k => k.OrgUnit).Distinct()),
            period.Year, period.FirstMonth, period.LastMonth);
        // Ten thousand rows for a province's monthly report: read by ordinal rather than through Dapper's mapper.
        await using var reader = await SqlMapper.ExecuteReaderAsync(c, db.Command(Received, scope, tx));
        while (await reader.ReadAsync())
        {
            var key = new ValueKey(reader.GetString(0), reader.GetString(1));
            if (wanted.Contains(key))
            {
                result[key] = ReadTime(reader.GetValue(2));
            }
        }
        return result;
    }

    /// <summary>A time column read by ordinal: SQLite's fixed-width UTC text, SQL Server's datetimeoffset.</summary>
    private static DateTimeOffset ReadTime(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DapperSetup.ParseTime(s),
        _ => throw new InvalidOperationException($"Cannot read {value.GetType()} as a time."),
    };
}
