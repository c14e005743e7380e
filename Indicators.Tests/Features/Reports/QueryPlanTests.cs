using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Features.Reports;

/// <summary>
/// The report reads must seek their indexes on every key column, whatever the lists hold: a plan that scans would
/// still answer correctly in the tests and only fail the benchmark. SQLite's own planner decides, on the real schema.
/// </summary>
public sealed class QueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Report_values_come_from_a_covering_index_seek_on_indicator_year_and_org_unit()
    {
        var plan = await PlanAsync("Features.Reports.CurrentValues", new
        {
            Indicators = "[\"INDUSTRIAL_OUTPUT\",\"RETAIL_SALES\"]", OrgUnits = "[\"TQ\",\"TQ-SD\"]", Years = "[2019,2020]", FirstMonth = 1, LastMonth = 6,
        });
        Assert.Contains("SEARCH v USING COVERING INDEX ix_actual_values_report (indicator=? AND year=? AND org_unit=?)", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }

    [Fact]
    public async Task Report_targets_come_from_an_index_seek_on_indicator_year_and_org_unit()
    {
        var plan = await PlanAsync("Features.Reports.CurrentTargets", new
        {
            Indicators = "[\"INDUSTRIAL_OUTPUT\"]", OrgUnits = "[\"TQ\"]", Years = "[2020]", Kind = "plan",
        });
        Assert.Contains("SEARCH t USING INDEX ix_targets_indicator_year (indicator=? AND year=? AND org_unit=?)", plan);
        Assert.DoesNotContain("SCAN t", plan);
    }

    private async Task<string> PlanAsync(string script, object args)
    {
        var db = api.Services.GetRequiredService<Db>();
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + db.Sql(script), args);
        return string.Join("\n", rows.Select(r => r.Detail));
    }
}
