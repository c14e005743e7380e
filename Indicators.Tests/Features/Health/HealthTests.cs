using System.Net;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Health;

public sealed class HealthTestsOnSqlite(SqliteApi api) : HealthTests(api), IClassFixture<SqliteApi>;

public sealed class HealthTestsOnSqlServer(SqlServerApi api) : HealthTests(api), IClassFixture<SqlServerApi>;

/// <summary>The probes answer without a key; readiness checks the database and its migrations (outages:
/// Reliability/DatabaseOutageTests).</summary>
public abstract class HealthTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task A_probe_answers_ok_without_a_key(string url)
    {
        var response = await api.Client().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.JsonAsync()).GetProperty("status").GetString());
    }
}
