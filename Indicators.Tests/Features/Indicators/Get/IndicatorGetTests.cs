using System.Net;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Indicators.Get;

public sealed class IndicatorGetTestsOnSqlite(SqliteApi api) : IndicatorGetTests(api), IClassFixture<SqliteApi>;

public sealed class IndicatorGetTestsOnSqlServer(SqlServerApi api) : IndicatorGetTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/indicators/{code}: one indicator by its exact code.</summary>
public abstract class IndicatorGetTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_one_indicator_by_its_exact_code()
    {
        var reader = api.Client("reader");
        var indicator = await (await reader.GetAsync("/api/v1/indicators/PUBLIC_INVESTMENT_DISBURSEMENT", Ct)).JsonAsync();
        Assert.Equal(
            ("PUBLIC_INVESTMENT_DISBURSEMENT", "rate", 2, 0m, 100m, "TQ-SKHDT"),
            (indicator.GetProperty("code").GetString(), indicator.GetProperty("measure").GetString(), indicator.GetProperty("decimals").GetInt32(),
             indicator.GetProperty("min").GetDecimal(), indicator.GetProperty("max").GetDecimal(), indicator.GetProperty("responsibleUnit").GetString()));
        // Codes are case-sensitive whatever the database's collation.
        var problem = await (await reader.GetAsync("/api/v1/indicators/public_investment_disbursement", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("urn:indicators:problem:not-found", problem.GetProperty("type").GetString());
        await (await api.Client().GetAsync("/api/v1/indicators/INDUSTRIAL_OUTPUT", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
