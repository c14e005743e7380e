using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Reports.PlanVsActual;

/// <summary>The report reads (plan-vs-actual and series) seek their keys on SQLite, whatever the lists hold.</summary>
public sealed class ReportQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Report_values_come_from_a_seek_of_the_clustered_table_on_indicator_year_and_org_unit()
    {
        var plan = await QueryPlans.PlanAsync(api, "Features.Reports.CurrentValues", new
        {
            Indicators = "[\"INDUSTRIAL_OUTPUT\",\"RETAIL_SALES\"]", OrgUnits = "[\"TQ\",\"TQ-SD\"]", Years = "[2019,2020]",
        });
        // actual_values is WITHOUT ROWID in report order (migration 0004): the table itself is the covering index.
        Assert.Contains("SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=?)", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }


    [Fact]
    public async Task Report_targets_come_from_an_index_seek_on_indicator_year_and_org_unit()
    {
        var plan = await QueryPlans.PlanAsync(api, "Features.Reports.CurrentTargets", new
        {
            Indicators = "[\"INDUSTRIAL_OUTPUT\"]", OrgUnits = "[\"TQ\"]", Years = "[2020]",
        });
        Assert.Contains("SEARCH t USING INDEX ix_targets_indicator_year (indicator=? AND year=? AND org_unit=?)", plan);
        Assert.DoesNotContain("SCAN t", plan);
    }

}
