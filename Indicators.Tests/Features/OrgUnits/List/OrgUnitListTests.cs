using Indicators.Tests.Support;
using System.Net;

namespace Indicators.Tests.Features.OrgUnits.List;

public sealed class OrgUnitListTestsOnSqlite(SqliteApi api) : OrgUnitListTests(api), IClassFixture<SqliteApi>;

public sealed class OrgUnitListTestsOnSqlServer(SqlServerApi api) : OrgUnitListTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/org-units: the seeded catalogue, filters and paging.</summary>
public abstract class OrgUnitListTests(ApiFixture api)
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
}
