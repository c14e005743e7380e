using Indicators.Tests.Support;

namespace Indicators.Tests.Features.ReportingStatus.Get;

/// <summary>The status reads its values by primary key on SQLite: one seek per (indicator, org unit), and one per step of
/// a revised value's chain back to its first revision.</summary>
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

    [Fact]
    public async Task A_revised_values_first_revision_is_found_by_primary_key_lookups()
    {
        var plan = await QueryPlans.PlanAsync(api, "Kernel.Reporting.FirstRevisions", new { Keys = "[]" });
        Assert.Contains("SEARCH r USING PRIMARY KEY (submission_id=? AND indicator=? AND org_unit=? AND period=?)", plan);
        Assert.DoesNotContain("SCAN r", plan);
    }
}
