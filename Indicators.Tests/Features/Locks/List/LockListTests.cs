using System.Net;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Locks.List;

public sealed class LockListTestsOnSqlite(SqliteApi api) : LockListTests(api), IClassFixture<SqliteApi>;

public sealed class LockListTestsOnSqlServer(SqlServerApi api) : LockListTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/locks: every lock in time order, paged, for any key.</summary>
public abstract class LockListTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_the_locks_in_time_order_and_pages_them()
    {
        var admin = api.Client("admin");
        foreach (var url in new[] { "/api/v1/locks/2018", "/api/v1/locks/2017-M03?orgUnit=TQ-HY", "/api/v1/locks/2017-Q1" })
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync(url, null, Ct)).StatusCode);
        }
        var reader = api.Client("reader");
        var all = await (await reader.GetAsync("/api/v1/locks", Ct)).JsonAsync();
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(
            ["2017-Q1 ", "2017-M03 TQ-HY", "2018 "],
            all.GetProperty("items").EnumerateArray().Select(l => $"{l.GetProperty("period").GetString()} {l.GetProperty("orgUnit").GetString()}").ToList());
        var second = await (await reader.GetAsync("/api/v1/locks?page=2&pageSize=2", Ct)).JsonAsync();
        Assert.Equal((2, 2, 3), (second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32(), second.GetProperty("total").GetInt32()));
        Assert.Equal("2018", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("period").GetString());
        await (await reader.GetAsync("/api/v1/locks?pageSize=0", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "pageSize");
    }
}
