using Indicators.Tests.Support;
using System.Net;

namespace Indicators.Tests.Features.OrgUnits.Get;

public sealed class OrgUnitGetTestsOnSqlite(SqliteApi api) : OrgUnitGetTests(api), IClassFixture<SqliteApi>;

public sealed class OrgUnitGetTestsOnSqlServer(SqlServerApi api) : OrgUnitGetTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/org-units/{code} (and the catalogue reads' 404 and ETag answers).</summary>
public abstract class OrgUnitGetTests(ApiFixture api)
{
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
