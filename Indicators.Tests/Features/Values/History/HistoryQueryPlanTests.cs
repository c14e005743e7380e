using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Values.History;

/// <summary>The history follows its chain of submissions by primary key on SQLite.</summary>
public sealed class HistoryQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_history_follows_the_chain_of_submissions_by_primary_key()
    {
        var plan = await QueryPlans.PlanAsync(api, "Features.Values.History.Revisions", new
        {
            Indicator = "INDUSTRIAL_OUTPUT", OrgUnit = "TQ", Period = "2020-S1", Year = 2020, FirstMonth = 1, LastMonth = 6,
        });
        Assert.Contains("SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=? AND period=?)", plan);
        Assert.Contains("SEARCH r USING PRIMARY KEY (submission_id=? AND indicator=? AND org_unit=? AND period=?)", plan);
        Assert.DoesNotContain("SCAN r", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }

}
