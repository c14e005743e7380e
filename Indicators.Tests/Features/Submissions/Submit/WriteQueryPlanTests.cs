using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Submissions.Submit;

/// <summary>A staged batch is written with seeks, never scans, on SQLite.</summary>
public sealed class WriteQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_staged_batch_finds_each_current_row_by_its_full_primary_key()
    {
        // The write's first statement (its revisions, compared with the current rows), then the upsert of the current
        // rows from the submission's revisions: each a seek per staged row, never a scan of a stored table.
        var write = await QueryPlans.PlanAsync(api, "Features.Submissions.Submit.Write", new { SubmissionId = "s", KeyName = "k", OrgUnit = "TQ", Now = "now" }, before: "Kernel.Batches.Sqlite.Stage");
        Assert.Contains("SEARCH a USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=? AND period=?)", write);
        var upsert = await QueryPlans.PlanAsync(api, "Features.Submissions.Submit.Write", new { SubmissionId = "s", KeyName = "k", OrgUnit = "TQ", Now = "now" },
            sql => sql[sql.IndexOf("INSERT INTO actual_values", StringComparison.Ordinal)..], before: "Kernel.Batches.Sqlite.Stage");
        Assert.Equal(["SCAN b", "SEARCH r USING PRIMARY KEY (submission_id=? AND indicator=? AND org_unit=? AND period=?)"], upsert.Split('\n').Take(2));
        Assert.DoesNotContain("SCAN a", write + upsert);
        // The staged batch is read in its table's key order (Stage.sqlite.sql), which is the order both statements
        // write in: no sort of the batch (a sort of 1,000 staged rows cost ~1.4 ms a statement in the writer's turn).
        Assert.DoesNotContain("TEMP B-TREE", write + upsert);
        Assert.DoesNotContain("SCAN r", write + upsert);
    }

}
