using Indicators.Tests.Support;
using System.Net;

namespace Indicators.Tests.Features.OrgUnits.Put;

public sealed class OrgUnitPutTestsOnSqlite(SqliteApi api) : OrgUnitPutTests(api), IClassFixture<SqliteApi>;

public sealed class OrgUnitPutTestsOnSqlServer(SqlServerApi api) : OrgUnitPutTests(api), IClassFixture<SqlServerApi>;

/// <summary>PUT /api/v1/org-units/{code}: create, update, validation, rights.</summary>
public abstract class OrgUnitPutTests(ApiFixture api)
{
    [Fact]
    public async Task An_admin_creates_then_updates_an_org_unit_and_a_reader_reads_it_back()
    {
        var admin = api.Client("admin");
        var body = new { name = new { vi = "Ban Thử Nghiệm", en = "Test Board" }, kind = "board", parent = "TQ", validFrom = "2021-01-01" };
        var created = await admin.PutJsonAsync("/api/v1/org-units/TQ-TEST1", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/org-units/TQ-TEST1", created.Headers.Location?.OriginalString);
        var again = await admin.PutJsonAsync("/api/v1/org-units/TQ-TEST1", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var renamed = await admin.PutJsonAsync("/api/v1/org-units/TQ-TEST1", body with { name = new { vi = "Ban Mới", en = "New Board" } });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var read = await (await api.Client("reader").GetAsync("/api/v1/org-units/TQ-TEST1", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("Ban Mới", read.GetProperty("name").GetProperty("vi").GetString());
        Assert.Equal("2021-01-01", read.GetProperty("validFrom").GetString());
    }

    [Fact]
    public async Task Refuses_bad_org_units_naming_every_field_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var admin = api.Client("admin");
        var p = await (await admin.PutJsonAsync("/api/v1/org-units/bad code", new { name = new { vi = "" }, kind = "planet", validFrom = "2022-01-01", validTo = "2021-01-01" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code", "name.vi", "name.en", "kind", "validTo");
        Assert.Equal("urn:indicators:problem:validation", p.GetProperty("type").GetString());
        await (await admin.PutJsonAsync("/api/v1/org-units/TQ-X", new { name = new { vi = "a", en = "b" }, kind = "district" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "parent");
        await (await admin.PutJsonAsync("/api/v1/org-units/TQ-X", new { name = new { vi = "a", en = "b" }, kind = "district", parent = "NOWHERE" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "parent");
        await (await admin.PutJsonAsync("/api/v1/org-units/TQ-X", new { name = new { vi = "a", en = "b" }, kind = "district", parent = "TQ-SCT" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "parent");
        await (await admin.PutJsonAsync("/api/v1/org-units/TQ-X", new { name = new { vi = "a", en = "b" }, kind = "province", parent = "TQ" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "parent");
        await (await admin.PutJsonAsync("/api/v1/org-units/TQ-X", new { name = new { vi = "a", en = "b" }, kind = "department", parent = "TQ", successor = "GONE" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "successor");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Refuses_a_parent_that_would_close_a_cycle()
    {
        var admin = api.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/v1/org-units/CYC-A", new { name = new { vi = "A", en = "A" }, kind = "department", parent = "TQ" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/v1/org-units/CYC-B", new { name = new { vi = "B", en = "B" }, kind = "board", parent = "CYC-A" })).StatusCode);
        var before = await api.SnapshotAsync();
        var p = await (await admin.PutJsonAsync("/api/v1/org-units/CYC-A", new { name = new { vi = "A", en = "A" }, kind = "department", parent = "CYC-B" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "parent");
        Assert.Contains("cycle", p.GetProperty("errors").GetProperty("parent")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Writes_need_an_admin_key_and_reads_need_any_key()
    {
        var body = new { name = new { vi = "a", en = "b" }, kind = "department", parent = "TQ" };
        await (await api.Client().GetAsync("/api/v1/org-units", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client("ik_nosuchkey.secret").GetAsync("/api/v1/org-units", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client("reader").PutJsonAsync("/api/v1/org-units/TQ-Y", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client("sd").PutJsonAsync("/api/v1/org-units/TQ-Y", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client("sct").PutJsonAsync("/api/v1/indicators/X_THREE", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await api.Client("sd").GetAsync("/api/v1/indicators", TestContext.Current.CancellationToken)).StatusCode);
    }
}
