using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Targets.Put;

/// <summary>A staged targets batch is written with one seek per staged row, never a scan of a stored table, on SQLite.</summary>
public sealed class TargetWriteQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_staged_batch_finds_each_current_target_and_its_new_revision_by_key()
    {
        var args = new { SubmissionId = "s", KeyName = "k", OrgUnit = "TQ", Now = "now" };
        var write = await QueryPlans.PlanAsync(api, "Features.Targets.Put.Write", args, before: "Kernel.Batches.Sqlite.Stage");
        var upsert = await QueryPlans.PlanAsync(api, "Features.Targets.Put.Write", args,
            sql => sql[sql.IndexOf("INSERT INTO targets", StringComparison.Ordinal)..], before: "Kernel.Batches.Sqlite.Stage");
        Assert.Equal("SCAN b", write.Split('\n')[0]);
        // The staged rows are the outer loop; a scan of them under a search of the revisions would be once per revision.
        Assert.Equal(["SCAN b", "SEARCH r USING INDEX sqlite_autoindex_target_revisions_1 (indicator=? AND org_unit=? AND period=? AND kind=?)"], upsert.Split('\n').Take(2));
        Assert.DoesNotContain("SCAN t", write + upsert);
        Assert.DoesNotContain("TEMP B-TREE", write + upsert);
        Assert.DoesNotContain("SCAN r", write + upsert);
    }
}
