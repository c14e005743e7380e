using Dapper;
using Indicators.Api.Infrastructure.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Submissions.Submit;

public sealed class SeedValuesTestsOnSqlite(SqliteApi api) : SeedValuesTests(api), IClassFixture<SqliteApi>;

public sealed class SeedValuesTestsOnSqlServer(SqlServerApi api) : SeedValuesTests(api), IClassFixture<SqlServerApi>;

public abstract class SeedValuesTests(ApiFixture api)
{
    [Fact]
    public async Task A_fresh_database_holds_the_seeded_values_and_targets_with_their_first_revision()
    {
        await using var c = await api.OpenAsync();
        var value = await c.QuerySingleAsync<(decimal Value, string Status, int Revision)>(
            "SELECT value, status, revision FROM actual_values WHERE indicator = 'INDUSTRIAL_OUTPUT' AND org_unit = 'TQ' AND period = '2020-S1'");
        Assert.Equal(7966m, value.Value);
        Assert.Equal("estimate", value.Status);
        Assert.Equal(1, value.Revision);
        Assert.Equal(15, await api.CountAsync("actual_values"));
        Assert.Equal(15, await api.CountAsync("actual_revisions"));
        Assert.Equal(9, await api.CountAsync("targets"));
        Assert.Equal(9, await api.CountAsync("target_revisions"));
        var writer = await c.QuerySingleAsync<(string Key, string Unit)>(
            "SELECT written_by_key, written_by_unit FROM actual_revisions WHERE indicator = 'INDUSTRIAL_OUTPUT' AND org_unit = 'TQ' AND period = '2020-S1'");
        Assert.Equal(("seed", "TQ"), writer);
        var plan = await c.QuerySingleAsync<(string Comparison, int Revision)>(
            "SELECT comparison, revision FROM targets WHERE indicator = 'INDUSTRIAL_OUTPUT' AND org_unit = 'TQ' AND period = '2020' AND kind = 'plan'");
        Assert.Equal(("atLeast", 1), plan);
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await api.SnapshotAsync();
        var report = await api.Services.GetRequiredService<Seeder>().SeedAsync(force: true, TestContext.Current.CancellationToken);
        Assert.Contains("targets: 9 read, 0 created, 0 updated, 9 unchanged", report);
        Assert.Contains("values: 15 read, 0 created, 0 updated, 15 unchanged", report);
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
