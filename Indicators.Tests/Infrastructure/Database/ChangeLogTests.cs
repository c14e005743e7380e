using System.Net;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Features.Submissions.Submit;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Batches;
using Indicators.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Infrastructure.Database;

public sealed class ChangeLogTestsOnSqlite(SqliteApi api) : ChangeLogTests(api), IClassFixture<SqliteApi>;

public sealed class ChangeLogTestsOnSqlServer(SqlServerApi api) : ChangeLogTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// Every write logs what it changed under the data_version it bumps, in its own transaction
/// (Infrastructure/Database/DataVersion.cs): the replicas' caches drop exactly what the log names, so it must name every
/// figure a write changed, nothing a write left as it was, and nothing at all for a write that did not commit.
/// </summary>
public abstract class ChangeLogTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_values_batch_logs_each_indicator_unit_and_year_it_changed_and_nothing_it_left_unchanged()
    {
        await Given.ProvinceAsync(api, "CL1");
        await Given.IndicatorAsync(api, "CL_A", "flow");
        await Given.IndicatorAsync(api, "CL_B", "flow");
        var before = await VersionAsync();

        await Given.ValuesAsync(api,
            ("CL_A", "CL1-A", "2020-M01", 1m, "estimate"), ("CL_A", "CL1-A", "2020-M02", 2m, "estimate"),
            ("CL_A", "CL1-B", "2021-Q1", 3m, "estimate"), ("CL_B", "CL1-A", "2020", 4m, "estimate"));

        Assert.Equal(before + 1, await VersionAsync());
        Assert.Equal(
            [$"{before + 1} values CL_A CL1-A 2020", $"{before + 1} values CL_A CL1-B 2021", $"{before + 1} values CL_B CL1-A 2020"],
            await LogAfterAsync(before));

        // The same batch with one value changed: only that key is logged.
        await Given.ValuesAsync(api,
            ("CL_A", "CL1-A", "2020-M01", 1m, "estimate"), ("CL_A", "CL1-A", "2020-M02", 2m, "estimate"),
            ("CL_A", "CL1-B", "2021-Q1", 3m, "estimate"), ("CL_B", "CL1-A", "2020", 4.5m, "estimate"));
        Assert.Equal([$"{before + 2} values CL_B CL1-A 2020"], await LogAfterAsync(before + 1));

        // Nothing changed: no version, no row.
        await Given.ValuesAsync(api, ("CL_B", "CL1-A", "2020", 4.5m, "estimate"));
        Assert.Equal(before + 2, await VersionAsync());
        Assert.Empty(await LogAfterAsync(before + 2));
    }

    [Fact]
    public async Task A_targets_batch_logs_the_targets_it_changed()
    {
        await Given.ProvinceAsync(api, "CL2");
        await Given.IndicatorAsync(api, "CL_T", "flow");
        var before = await VersionAsync();

        await Given.TargetsAsync(api, ("CL_T", "CL2", "2021", "plan", 100m, "atLeast"), ("CL_T", "CL2-A", "2021-S1", "commitment", 50m, "atLeast"));

        Assert.Equal([$"{before + 1} targets CL_T CL2 2021", $"{before + 1} targets CL_T CL2-A 2021"], await LogAfterAsync(before));
    }

    [Fact]
    public async Task A_catalogue_save_logs_the_catalogue_and_a_lock_logs_a_change_no_view_shows()
    {
        var before = await VersionAsync();
        await Given.IndicatorAsync(api, "CL_CAT", "stock");
        Assert.Equal([$"{before + 1} catalogue   0"], await LogAfterAsync(before));

        using var locked = await api.Client("admin").PutAsync("/api/v1/locks/2019-Q3", null, Ct);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        Assert.Equal([$"{before + 2} other   0"], await LogAfterAsync(before + 1));
    }

    [Fact]
    public async Task A_write_that_rolls_back_bumps_nothing_and_logs_nothing()
    {
        await Given.ProvinceAsync(api, "CL3");
        await Given.IndicatorAsync(api, "CL_RB", "flow");
        var before = await VersionAsync();
        var writer = api.Services.GetRequiredService<RevisionedWriter>();
        var rows = new[] { new BatchRow(0, "CL_RB", "CL3-A", Period.Parse("2020-M03"), "", 9m, "estimate", null) };

        // The failure comes after the bump and the log rows, just before the commit.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(
            SubmissionWriter.Values, rows, new Caller("k", "test", "TQ", Roles.Admin),
            new BatchOptions { BeforeCommit = (_, _, _) => throw new InvalidOperationException("no commit") }, Ct));

        Assert.Equal("no commit", failure.Message);
        Assert.Equal(before, await VersionAsync());
        Assert.Empty(await LogAfterAsync(before));
        await using var c = await api.OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM actual_values WHERE indicator = 'CL_RB'"));
    }

    [Fact]
    public async Task The_pruner_keeps_the_last_versions_the_setting_names()
    {
        await Given.ProvinceAsync(api, "CL4");
        await Given.IndicatorAsync(api, "CL_P", "flow");
        for (var i = 1; i <= 4; i++)
        {
            await Given.ValuesAsync(api, ("CL_P", "CL4-A", "2020-M01", i, "estimate"));
        }
        var head = await VersionAsync();
        await using var replica = api.StartReplica(new Dictionary<string, string?> { ["ChangeLog:RetainVersions"] = "2" });

        var deleted = await replica.Services.GetRequiredService<ChangeLogPruner>().PruneAsync(Ct);

        Assert.True(deleted > 0);
        await using var c = await api.OpenAsync();
        Assert.Equal([head - 1, head], (await c.QueryAsync<long>("SELECT DISTINCT version FROM change_log ORDER BY version")).ToList());
    }

    [Fact]
    public async Task A_replica_reads_what_changed_after_its_version_from_a_seek_of_the_log()
    {
        if (api.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip("SQLite's query plan; SQL Server's text is checked against the schema model.");
        }
        var plan = await QueryPlans.PlanAsync(api, "Infrastructure.Database.ChangeLogRead", new { Since = 5L, Limit = 10_001 });

        Assert.Contains("SEARCH c USING PRIMARY KEY (version>?)", plan);
        Assert.DoesNotContain("SCAN c", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    private async Task<long> VersionAsync()
    {
        await using var c = await api.OpenAsync();
        return await DataVersion.ReadAsync(api.Services.GetRequiredService<Db>(), c);
    }

    /// <summary>The log rows after a version, as "version kind indicator org_unit year", in order.</summary>
    private async Task<List<string>> LogAfterAsync(long version)
    {
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(long Version, string Kind, string Indicator, string OrgUnit, long Year)>(
            "SELECT version, kind, indicator, org_unit, CAST(year AS bigint) FROM change_log WHERE version > @version ORDER BY version, kind, indicator, org_unit, year",
            new { version });
        return rows.Select(r => $"{r.Version} {r.Kind} {r.Indicator} {r.OrgUnit} {r.Year}").ToList();
    }
}
