using System.Net;
using Indicators.Tests.Infrastructure;

namespace Indicators.Tests.Features.Catalogue;

public sealed class CatalogueTestsOnSqlite(SqliteApi api) : CatalogueTests(api), IClassFixture<SqliteApi>;

public sealed class CatalogueTestsOnSqlServer(SqlServerApi api) : CatalogueTests(api), IClassFixture<SqlServerApi>;

public abstract class CatalogueTests(ApiFixture api)
{
    [Fact]
    public async Task Lists_the_seeded_org_units_filtered_by_kind_and_parent()
    {
        var client = api.Client("reader");
        var all = await (await client.GetAsync("/api/v1/org-units?pageSize=1000", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.True(all.GetProperty("total").GetInt32() >= 15);
        var districts = await (await client.GetAsync("/api/v1/org-units?kind=district&parent=TQ", TestContext.Current.CancellationToken)).JsonAsync();
        var codes = districts.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Equal(["TQ-CH", "TQ-HY", "TQ-LB", "TQ-NH", "TQ-SD", "TQ-YS"], codes);
        Assert.Equal(1, districts.GetProperty("page").GetInt32());
        Assert.Equal(100, districts.GetProperty("pageSize").GetInt32());
        Assert.Equal(6, districts.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Pages_the_org_unit_list_in_a_stable_order()
    {
        var client = api.Client("reader");
        var first = await (await client.GetAsync("/api/v1/org-units?kind=district&page=1&pageSize=4", TestContext.Current.CancellationToken)).JsonAsync();
        var second = await (await client.GetAsync("/api/v1/org-units?kind=district&page=2&pageSize=4", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(4, first.GetProperty("items").GetArrayLength());
        Assert.Equal(["TQ-SD", "TQ-YS"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Reads_one_org_unit_with_its_names_and_validity()
    {
        var unit = await (await api.Client("reader").GetAsync("/api/v1/org-units/TQ-SD", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("Huyện Sơn Dương", unit.GetProperty("name").GetProperty("vi").GetString());
        Assert.Equal("Son Duong District", unit.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal("district", unit.GetProperty("kind").GetString());
        Assert.Equal("TQ", unit.GetProperty("parent").GetString());
        Assert.Equal("2025-06-30", unit.GetProperty("validTo").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unit.GetProperty("validFrom").ValueKind);
    }

    [Fact]
    public async Task Answers_404_problems_for_unknown_codes()
    {
        var client = api.Client("reader");
        var p = await (await client.GetAsync("/api/v1/org-units/NOPE", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("NOPE", p.GetProperty("detail").GetString());
        await (await client.GetAsync("/api/v1/indicators/NOPE", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

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
    public async Task Lists_indicators_by_category_and_reads_one_with_exact_limits()
    {
        var client = api.Client("reader");
        var trade = await (await client.GetAsync("/api/v1/indicators?category=trade", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(["EXPORT_VALUE", "RETAIL_SALES"], trade.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        var one = await (await client.GetAsync("/api/v1/indicators/PUBLIC_INVESTMENT_DISBURSEMENT", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("rate", one.GetProperty("measure").GetString());
        Assert.Equal(100m, one.GetProperty("max").GetDecimal());
        Assert.Equal("TQ-SKHDT", one.GetProperty("responsibleUnit").GetString());
    }

    [Fact]
    public async Task An_admin_creates_an_indicator_with_exact_decimal_limits()
    {
        var admin = api.Client("admin");
        var body = new
        {
            name = new { vi = "Tỷ lệ hộ nghèo", en = "Poverty rate" },
            unit = new { vi = "%", en = "%" },
            measure = "rate",
            direction = "decrease",
            decimals = 4,
            min = 0.0001m,
            max = 99999999999999.9999m,
            category = "social",
            responsibleUnit = "TQ-SKHDT",
        };
        var created = await admin.PutJsonAsync("/api/v1/indicators/POVERTY_RATE_T", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await (await api.Client("reader").GetAsync("/api/v1/indicators/POVERTY_RATE_T", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("0.0001", read.GetProperty("min").GetRawText());
        Assert.Equal("99999999999999.9999", read.GetProperty("max").GetRawText());
        Assert.Equal("decrease", read.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Refuses_bad_indicators_naming_every_field_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var admin = api.Client("admin");
        await (await admin.PutJsonAsync("/api/v1/indicators/lower", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x" }, measure = "average", direction = "up", decimals = 5, min = 10, max = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code", "unit.en", "measure", "direction", "decimals", "max");
        await (await admin.PutJsonAsync("/api/v1/indicators/X_ONE", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x", en = "x" }, measure = "flow", direction = "increase", decimals = 0, responsibleUnit = "TQ-SD" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "responsibleUnit");
        await (await admin.PutJsonAsync("/api/v1/indicators/X_ONE", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x", en = "x" }, measure = "flow", direction = "increase", decimals = 0, min = 0.5 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "min");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Refuses_malformed_json_unknown_fields_and_numbers_beyond_range()
    {
        var before = await api.SnapshotAsync();
        var admin = api.Client("admin");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"name\": "), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"nmae\": {}}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "nmae");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"min\": 1e400}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "min");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"decimals\": 1, \"decimals\": 2}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", new StringContent("decimals=1", System.Text.Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
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

    [Fact]
    public async Task Reads_carry_an_etag_and_answer_304_when_unchanged()
    {
        var client = api.Client("reader");
        var first = await client.GetAsync("/api/v1/indicators/INDUSTRIAL_OUTPUT", TestContext.Current.CancellationToken);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indicators/INDUSTRIAL_OUTPUT");
        request.Headers.IfNoneMatch.Add(tag!);
        var second = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
