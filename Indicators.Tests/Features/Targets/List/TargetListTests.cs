using Indicators.Tests.Support;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Indicators.Tests.Features.Targets.List;

public sealed class TargetListTestsOnSqlite(SqliteApi api) : TargetListTests(api), IClassFixture<SqliteApi>;

public sealed class TargetListTestsOnSqlServer(SqlServerApi api) : TargetListTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/targets.</summary>
public abstract class TargetListTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<JsonElement> GetAsync(string url) => api.Client("reader").GetOkJsonAsync(url);

    [Fact]
    public async Task Lists_the_seeded_targets_filtered_by_kind()
    {
        var commitments = await GetAsync("/api/v1/targets?kind=commitment");
        var items = commitments.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [("PUBLIC_INVESTMENT_DISBURSEMENT", "2020-M01..M09", 60m), ("PUBLIC_INVESTMENT_DISBURSEMENT", "2020", 90m), ("RECURRENT_SPENDING_EXECUTION", "2020", 98m)],
            items.Select(i => (i.GetProperty("indicator").GetString(), i.GetProperty("period").GetString(), i.GetProperty("value").GetDecimal())));
        Assert.Equal(["indicator", "orgUnit", "period", "kind", "value", "comparison", "source", "revision", "updatedAt"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("atLeast", items[0].GetProperty("comparison").GetString());

        var industrial = await GetAsync("/api/v1/targets?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&period=2020-M01..M12");
        Assert.Equal([("plan", 18029m), ("resolution", 17600m)],
            industrial.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("value").GetDecimal())));
        Assert.Equal(0, (await GetAsync("/api/v1/targets?year=2021")).GetProperty("total").GetInt32());
    }
}
