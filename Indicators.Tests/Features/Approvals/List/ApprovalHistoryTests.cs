using System.Net;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.Approvals.List;

public sealed class ApprovalHistoryTestsOnSqlite(SqliteApi api) : ApprovalHistoryTests(api), IClassFixture<SqliteApi>;

public sealed class ApprovalHistoryTestsOnSqlServer(SqlServerApi api) : ApprovalHistoryTests(api), IClassFixture<SqlServerApi>;

/// <summary>SPEC "Approval": every approval and reopening is kept, listed newest first, paged.</summary>
public abstract class ApprovalHistoryTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_approvals_and_reopenings_newest_first_filtered_and_paged()
    {
        await ProvinceAsync(api, "AH1");
        await ScheduleAsync(api, "AH1_M", Schedule("month", "calendar", 5, ["AH1_X"], ["AH1-A", "AH1-B"]));
        api.Clock.Set(Vietnam(2024, 3, 20));
        await Given.ValuesAsync(api, ("AH1_X", "AH1-A", "2024-M02", 1m, "estimate"), ("AH1_X", "AH1-B", "2024-M02", 1m, "estimate"), ("AH1_X", "AH1-A", "2024-M03", 1m, "estimate"));
        api.Clock.Set(Vietnam(2024, 4, 1, 8));
        await ApproveAsync(api, "AH1_M", "2024-M02", "AH1-A");
        api.Clock.Set(Vietnam(2024, 4, 1, 9));
        await ReopenAsync(api, "AH1_M", "2024-M02", "AH1-A");
        api.Clock.Set(Vietnam(2024, 4, 1, 10));
        await ApproveAsync(api, "AH1_M", "2024-M02", "AH1-A");
        await ApproveAsync(api, "AH1_M", "2024-M02", "AH1-B"); // the same instant: the later entry first
        api.Clock.Set(Vietnam(2024, 4, 2));
        await ApproveAsync(api, "AH1_M", "2024-M03", "AH1-A");
        await ApproveAsync(api, "AH1_M", "2024-M02", "AH1-A"); // already approved: not a new entry

        var all = await (await api.Client("reader").GetAsync("/api/v1/approvals?schedule=AH1_M", Ct)).JsonAsync();
        Assert.Equal(5, all.GetProperty("total").GetInt32());
        Assert.Equal(
            [("2024-M03", "AH1-A", "approved"), ("2024-M02", "AH1-B", "approved"), ("2024-M02", "AH1-A", "approved"), ("2024-M02", "AH1-A", "reopened"), ("2024-M02", "AH1-A", "approved")],
            all.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("period").GetString(), i.GetProperty("orgUnit").GetString(), i.GetProperty("action").GetString())));
        var reopened = all.GetProperty("items")[3];
        Assert.Equal(("AH1_M", Vietnam(2024, 4, 1, 9), "test admin"),
            (reopened.GetProperty("schedule").GetString(), reopened.GetProperty("at").GetDateTimeOffset(), reopened.GetProperty("by").GetString()));

        var one = await (await api.Client("sd").GetAsync("/api/v1/approvals?schedule=AH1_M&period=2024-m02..m02&orgUnit=AH1-A&pageSize=2&page=2", Ct)).JsonAsync();
        Assert.Equal((3, 2, 2), (one.GetProperty("total").GetInt32(), one.GetProperty("page").GetInt32(), one.GetProperty("pageSize").GetInt32()));
        Assert.Equal(["approved"], one.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()));
        Assert.Equal(Vietnam(2024, 4, 1, 8), one.GetProperty("items")[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(4, (await (await api.Client("reader").GetAsync("/api/v1/approvals?period=2024-M02&schedule=AH1_M", Ct)).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("schedule=NO_SUCH", "schedule")]
    [InlineData("orgUnit=tq-sd", "orgUnit")]
    [InlineData("period=2024-Q9", "period")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=100000", "pageSize")]
    public async Task A_bad_filter_is_a_400(string query, string key)
    {
        await (await api.Client("reader").GetAsync("/api/v1/approvals?" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, key);
    }
}
