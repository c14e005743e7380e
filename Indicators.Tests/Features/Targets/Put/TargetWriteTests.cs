using System.Net;
using System.Net.Http.Json;
using Dapper;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Targets.Put;

public sealed class TargetWriteTestsOnSqlite(SqliteApi api) : TargetWriteTests(api), IClassFixture<SqliteApi>;

public sealed class TargetWriteTestsOnSqlServer(SqlServerApi api) : TargetWriteTests(api), IClassFixture<SqlServerApi>;

/// <summary>PUT /api/v1/targets: the batch machinery of submissions over targets and target_revisions.</summary>
public abstract class TargetWriteTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Target(string indicator, string orgUnit, string period, string kind, decimal value, string? comparison = null, string? source = null) =>
        new { indicator, orgUnit, period, kind, value, comparison, source };

    private Task<HttpResponseMessage> PutAsync(string client, params object[] targets) =>
        api.Client(client).PutAsJsonAsync("/api/v1/targets", new { targets }, Ct);

    private async Task<(decimal Value, string Comparison, string? Source, int Revision)?> CurrentAsync(string indicator, string orgUnit, string period, string kind)
    {
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(decimal, string, string?, int)>(
            "SELECT value, comparison, source, revision FROM targets WHERE indicator = @indicator AND org_unit = @orgUnit AND period = @period AND kind = @kind",
            new { indicator, orgUnit, period, kind });
        return rows.Cast<(decimal, string, string?, int)?>().SingleOrDefault();
    }

    [Fact]
    public async Task An_admin_sets_targets_for_any_period_with_the_default_comparison_of_the_indicator()
    {
        var admin = api.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/indicators/ROAD_ACCIDENTS_T", new
        {
            name = new { vi = "Số vụ tai nạn giao thông", en = "Road accidents" },
            unit = new { vi = "vụ", en = "accidents" },
            measure = "flow",
            direction = "decrease",
            decimals = 0,
            min = 0,
        }, Ct)).StatusCode);

        var response = await PutAsync("admin",
            Target("ROAD_ACCIDENTS_T", "TQ", "2030", "plan", 120m, source: "Kế hoạch 2030"),
            Target("INDUSTRIAL_OUTPUT", "TQ", "2030-m01..M09", "commitment", 15000m),
            Target("INDUSTRIAL_OUTPUT", "TQ", "2030-Q3", "plan", 5000m, "atMost"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal("targets", receipt.GetProperty("kind").GetString());
        Assert.Equal(3, receipt.GetProperty("created").GetInt32());
        Assert.Equal((120m, "atMost", "Kế hoạch 2030", 1), await CurrentAsync("ROAD_ACCIDENTS_T", "TQ", "2030", "plan"));
        Assert.Equal((15000m, "atLeast", null, 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ", "2030-M01..M09", "commitment"));
        Assert.Equal((5000m, "atMost", null, 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ", "2030-Q3", "plan"));

        var read = await (await admin.GetAsync(response.Headers.Location, Ct)).JsonAsync();
        Assert.Equal("targets", read.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Revises_a_changed_target_and_counts_an_identical_one_as_unchanged()
    {
        Assert.Equal(HttpStatusCode.Created, (await PutAsync("admin", Target("RETAIL_SALES", "TQ", "2031", "plan", 40000m, source: "KH 2031"))).StatusCode);
        var revisions = await api.CountAsync("target_revisions");
        // An explicit comparison equal to the default is the same target.
        var same = await (await PutAsync("admin", Target("RETAIL_SALES", "TQ", "2031", "plan", 40000.0m, "atLeast", "KH 2031"))).JsonAsync();
        Assert.Equal((0, 0, 1), (same.GetProperty("created").GetInt32(), same.GetProperty("updated").GetInt32(), same.GetProperty("unchanged").GetInt32()));
        Assert.Equal(revisions, await api.CountAsync("target_revisions"));

        var changed = await (await PutAsync("admin",
            Target("RETAIL_SALES", "TQ", "2031", "plan", 41000m, source: "KH 2031 (điều chỉnh)"),
            Target("RETAIL_SALES", "TQ", "2031", "resolution", 45000m))).JsonAsync();
        Assert.Equal((1, 1, 0), (changed.GetProperty("created").GetInt32(), changed.GetProperty("updated").GetInt32(), changed.GetProperty("unchanged").GetInt32()));
        Assert.Equal((41000m, "atLeast", "KH 2031 (điều chỉnh)", 2), await CurrentAsync("RETAIL_SALES", "TQ", "2031", "plan"));

        await using var c = await api.OpenAsync();
        var history = (await c.QueryAsync<(int Revision, decimal Value, string Key)>(
            "SELECT revision, value, written_by_key FROM target_revisions WHERE indicator = 'RETAIL_SALES' AND org_unit = 'TQ' AND period = '2031' AND kind = 'plan' ORDER BY revision")).ToList();
        Assert.Equal([(1, 40000m, "test admin"), (2, 41000m, "test admin")], history);
    }

    [Fact]
    public async Task Refuses_a_batch_with_bad_targets_listing_every_error_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var problem = await (await PutAsync("admin",
                Target("EXPORT_VALUE", "TQ", "2032", "plan", 150m),                       // 0: valid
                Target("EXPORT_VALUE", "TQ", "2032", "goal", 150m),                       // 1
                Target("EXPORT_VALUE", "TQ", "2032", "resolution", 150m, "greater"),      // 2
                Target("EXPORT_VALUE", "TQ", "2032-S1", "plan", 1.234m),                  // 3: decimals 2
                Target("EXPORT_VALUE", "TQ-SD", "2032", "plan", 1m),                      // 4: TQ-SD ended 2025-06-30
                Target("EXPORT_VALUE", "TQ", "2032-M01..M12", "plan", 150m),              // 5: the key of 0
                Target("EXPORT_VALUE", "TQ", "2032-S2", "plan", 1m, source: new string('s', 501)), // 6
                Target("Export_Value", "TQ", "2032", "commitment", 1m)))                  // 7
            .AssertProblemAsync(HttpStatusCode.BadRequest,
                "targets[1].kind", "targets[2].comparison", "targets[3].value", "targets[4].orgUnit", "targets[5]", "targets[6].source", "targets[7].indicator");
        Assert.Equal(7, problem.GetProperty("errors").EnumerateObject().Count());
        await (await api.Client("admin").PutAsJsonAsync("/api/v1/targets", new { targets = Array.Empty<object>() }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "targets");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Only_an_admin_sets_targets_and_a_dry_run_writes_nothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await PutAsync("admin", Target("INDUSTRIAL_OUTPUT", "TQ", "2033-Q1", "plan", 4000m))).StatusCode);
        var before = await api.SnapshotAsync();
        await (await PutAsync("sct", Target("INDUSTRIAL_OUTPUT", "TQ", "2033", "plan", 1m))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await PutAsync("reader", Target("INDUSTRIAL_OUTPUT", "TQ", "2033", "plan", 1m))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var dry = await api.Client("admin").PutAsJsonAsync("/api/v1/targets?dryRun=true",
            new { targets = new[] { Target("INDUSTRIAL_OUTPUT", "TQ", "2033", "plan", 1m), Target("INDUSTRIAL_OUTPUT", "TQ", "2033-Q1", "plan", 4000m) } }, Ct);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var receipt = await dry.JsonAsync();
        Assert.Equal((1, 0, 1), (receipt.GetProperty("created").GetInt32(), receipt.GetProperty("updated").GetInt32(), receipt.GetProperty("unchanged").GetInt32()));
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
