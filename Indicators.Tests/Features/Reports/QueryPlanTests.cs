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
    public async Task Report_values_come_from_a_seek_of_the_clustered_table_on_indicator_year_and_org_unit()
    {
        var plan = await PlanAsync("Features.Reports.CurrentValues", new
        {
            Indicators = "[\"INDUSTRIAL_OUTPUT\",\"RETAIL_SALES\"]", OrgUnits = "[\"TQ\",\"TQ-SD\"]", Years = "[2019,2020]", FirstMonth = 1, LastMonth = 6,
        });
        // actual_values is WITHOUT ROWID in report order (migration 0004): the table itself is the covering index.
        Assert.Contains("SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=?)", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }

    [Fact]
    public async Task A_history_follows_the_chain_of_submissions_by_primary_key()
    {
        var plan = await PlanAsync("Features.Values.History.Revisions", new
        {
            Indicator = "INDUSTRIAL_OUTPUT", OrgUnit = "TQ", Period = "2020-S1", Year = 2020, FirstMonth = 1, LastMonth = 6,
        });
        Assert.Contains("SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=? AND period=?)", plan);
        Assert.Contains("SEARCH r USING PRIMARY KEY (submission_id=? AND indicator=? AND org_unit=? AND period=?)", plan);
        Assert.DoesNotContain("SCAN r", plan);
        Assert.DoesNotContain("SCAN v", plan);
    }

    [Fact]
    public async Task The_value_list_reads_its_order_from_an_index_instead_of_sorting_every_row()
    {
        var plan = await PlanAsync("Features.Values.List.Items", new { Offset = 0, PageSize = 100 },
            sql => SqlScripts.For("Features.Values.List.Items", DatabaseProvider.Sqlite, new { Indicator = (string?)null, OrgUnit = (string?)null, PeriodYear = (int?)null, Year = (int?)null, Status = (string?)null }));
        Assert.Contains("SCAN actual_values USING INDEX ix_actual_values_list", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Fact]
    public async Task A_staged_batch_finds_each_current_row_by_its_full_primary_key()
    {
        // The write's first statement (its revisions, compared with the current rows), then the upsert of the current
        // rows from the submission's revisions: each a seek per staged row, never a scan of a stored table.
        var write = await PlanAsync("Features.Submissions.Submit.Write", new { SubmissionId = "s", KeyName = "k", OrgUnit = "TQ", Now = "now" }, before: "Kernel.Batches.Sqlite.Stage");
        Assert.Contains("SEARCH a USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=? AND period=?)", write);
        var upsert = await PlanAsync("Features.Submissions.Submit.Write", new { SubmissionId = "s", KeyName = "k", OrgUnit = "TQ", Now = "now" },
            sql => sql[sql.IndexOf("INSERT INTO actual_values", StringComparison.Ordinal)..], before: "Kernel.Batches.Sqlite.Stage");
        Assert.Contains("SEARCH r USING PRIMARY KEY (submission_id=? AND indicator=? AND org_unit=? AND period=?)", upsert);
        Assert.DoesNotContain("SCAN a", write + upsert);
        Assert.DoesNotContain("SCAN r", write + upsert);
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

    private async Task<string> PlanAsync(string script, object? args, Func<string, string>? edit = null, string? before = null)
    {
        var db = api.Services.GetRequiredService<Db>();
        await using var c = await api.OpenAsync();
        if (before is not null)
        {
            await c.ExecuteAsync(db.Sql(before));
        }
        var sql = db.Sql(script);
        var rows = await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + (edit?.Invoke(sql) ?? sql), args);
        return string.Join("\n", rows.Select(r => r.Detail));
    }
}
