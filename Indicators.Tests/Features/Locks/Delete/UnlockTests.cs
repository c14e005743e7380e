using System.Net;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Locks.Delete;

public sealed class UnlockTestsOnSqlite(SqliteApi api) : UnlockTests(api), IClassFixture<SqliteApi>;

public sealed class UnlockTestsOnSqlServer(SqlServerApi api) : UnlockTests(api), IClassFixture<SqlServerApi>;

/// <summary>DELETE /api/v1/locks/{period}: only the lock named (period, and unit or every unit) goes, by an admin.</summary>
public abstract class UnlockTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_removes_exactly_the_named_lock_and_an_absent_one_is_404()
    {
        var admin = api.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/locks/2019-Q4", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/locks/2019-Q4?orgUnit=TQ-SD", null, Ct)).StatusCode);

        await (await api.Client("sd").DeleteAsync("/api/v1/locks/2019-Q4", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var missing = await (await admin.DeleteAsync("/api/v1/locks/2019-Q3", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("2019-Q3 is not locked for every unit.", missing.GetProperty("detail").GetString());
        await (await admin.DeleteAsync("/api/v1/locks/2019-Q5", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");

        // The range 2019-M10..M12 is 2019-Q4: the lock for every unit goes, TQ-SD's own stays.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/locks/2019-M10..M12", Ct)).StatusCode);
        var left = (await (await admin.GetAsync("/api/v1/locks?pageSize=1000", Ct)).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(l => l.GetProperty("period").GetString() == "2019-Q4")
            .Select(l => l.GetProperty("orgUnit").GetString())
            .ToList();
        Assert.Equal(["TQ-SD"], left);
    }
}
