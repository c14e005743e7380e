using Indicators.Tests.Support;

namespace Indicators.Tests.Features.ReportingStatus.Get;

/// <summary>The status reads its values by primary key on SQLite: one seek per (indicator, org unit), each row with the
/// time its key was first received (migration 0008).</summary>
public sealed class ReportingStatusQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task The_received_values_are_read_by_the_tables_own_key()
    {
        var plan = await QueryPlans.PlanAsync(api, "Kernel.Reporting.ReceivedValues", new
        {
            Indicators = """["INDUSTRIAL_OUTPUT","RETAIL_SALES"]""", OrgUnits = """["TQ","TQ-SD"]""", Year = 2020, FirstMonth = 1, LastMonth = 6,
        });
        Assert.Contains("SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=?)", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }
}
