using System.Net;
using System.Net.Http.Json;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Locks.Put;

public sealed class LockTestsOnSqlite(SqliteApi api) : LockTests(api), IClassFixture<SqliteApi>;

public sealed class LockTestsOnSqlServer(SqlServerApi api) : LockTests(api), IClassFixture<SqlServerApi>;

public abstract class LockTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lock_refuses_a_submitter_and_lets_an_admin_through()
    {
        var admin = api.Client("admin");
        var locked = await admin.PutAsync("/api/v1/locks/2021-m01..m06", null, Ct);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        var body = await locked.JsonAsync();
        Assert.Equal("2021-S1", body.GetProperty("period").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("orgUnit").ValueKind);
        Assert.Equal("test admin", body.GetProperty("lockedBy").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/v1/locks/2021-S1", null, Ct)).StatusCode);

        var before = await api.SnapshotAsync();
        // 2021-Q2 shares months with 2021-S1; so does the whole year.
        var problem = await (await Batches.SubmitAsync(api.Client("sd"),
                Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M07", 1m),
                Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q2", 1m),
                Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021", 1m)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "values[1].period", "values[2].period");
        Assert.Equal("urn:indicators:problem:period-locked", problem.GetProperty("type").GetString());
        Assert.Equal(2, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Contains("2021-S1", problem.GetProperty("errors").GetProperty("values[1].period")[0].GetString());
        // A dry run meets the same lock.
        await (await api.Client("sd").PostAsJsonAsync("/api/v1/submissions?dryRun=true",
                new { values = new[] { Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q2", 1m) } }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal(before, await api.SnapshotAsync());

        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(admin, Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q2", 1m))).StatusCode);
        // Targets are not actuals: a lock does not touch them.
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/targets",
            new { targets = new[] { new { indicator = "INDUSTRIAL_OUTPUT", orgUnit = "TQ-SD", period = "2021-S1", kind = "plan", value = 5m } } }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/locks/2021-S1", Ct)).StatusCode);
        await (await admin.DeleteAsync("/api/v1/locks/2021-S1", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client("sd"), Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021", 1m))).StatusCode);
    }

    [Fact]
    public async Task A_lock_for_one_org_unit_refuses_only_that_unit_and_is_listed()
    {
        var admin = api.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/locks/2022-Q3?orgUnit=TQ-HY", null, Ct)).StatusCode);
        await (await Batches.SubmitAsync(api.Client("hy"), Batches.Value("RETAIL_SALES", "TQ-HY", "2022-M08", 1m)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client("sd"), Batches.Value("RETAIL_SALES", "TQ-SD", "2022-M08", 1m))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client("hy"), Batches.Value("RETAIL_SALES", "TQ-HY", "2022-M06", 1m))).StatusCode);

        var list = await (await api.Client("reader").GetAsync("/api/v1/locks", Ct)).JsonAsync();
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("period").GetString() == "2022-Q3");
        Assert.Equal("TQ-HY", item.GetProperty("orgUnit").GetString());
        Assert.True(list.GetProperty("total").GetInt32() >= 1);

        // Removing the lock for every unit leaves the unit's own lock alone.
        await (await admin.DeleteAsync("/api/v1/locks/2022-Q3", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/locks/2022-Q3?orgUnit=TQ-HY", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_locks_and_bad_periods_or_units_are_refused()
    {
        var before = await api.SnapshotAsync();
        await (await api.Client("sd").PutAsync("/api/v1/locks/2023", null, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client("reader").DeleteAsync("/api/v1/locks/2023", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/api/v1/locks", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client("admin").PutAsync("/api/v1/locks/2023-Q5", null, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await api.Client("admin").PutAsync("/api/v1/locks/2023?orgUnit=tq-sd", null, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "orgUnit");
        await (await api.Client("admin").DeleteAsync("/api/v1/locks/20x", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
