using Indicators.Tests.Support;
using System.Net;

namespace Indicators.Tests.Features.Indicators.List;

public sealed class IndicatorListTestsOnSqlite(SqliteApi api) : IndicatorListTests(api), IClassFixture<SqliteApi>;

public sealed class IndicatorListTestsOnSqlServer(SqlServerApi api) : IndicatorListTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/indicators and /api/v1/indicators/{code}.</summary>
public abstract class IndicatorListTests(ApiFixture api)
{
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
}
