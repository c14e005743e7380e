using System.Net;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.Schedules.List;

public sealed class ScheduleListTestsOnSqlite(SqliteApi api) : ScheduleListTests(api), IClassFixture<SqliteApi>;

public sealed class ScheduleListTestsOnSqlServer(SqlServerApi api) : ScheduleListTests(api), IClassFixture<SqlServerApi>;

public abstract class ScheduleListTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_schedules_by_code_with_their_members_filtered_by_frequency_and_paged()
    {
        await ProvinceAsync(api, "SL1");
        await ScheduleAsync(api, "SL1_A_MONTHLY", Schedule("month", "decree-09", 2, ["SL1_X", "SL1_Y"], ["SL1-A", "SL1-D"]));
        await ScheduleAsync(api, "SL1_B_YEARLY", Schedule("year", "calendar", 30, ["SL1_Y"], ["SL1-B"]));
        await ScheduleAsync(api, "SL1_C_MONTHLY", Schedule("month", "calendar", 5, ["SL1_X"], ["SL1-C"]));

        var all = await (await api.Client("reader").GetAsync("/api/v1/schedules", Ct)).JsonAsync();
        Assert.Equal(["SL1_A_MONTHLY", "SL1_B_YEARLY", "SL1_C_MONTHLY", "SOCIO_ECONOMIC_HALF_YEAR"],
            all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        var first = all.GetProperty("items")[0];
        Assert.Equal("""["SL1_X","SL1_Y"]""", first.GetProperty("indicators").GetRawText());
        Assert.Equal("""["SL1-A","SL1-D"]""", first.GetProperty("reporters").GetRawText());

        var monthly = await (await api.Client("sd").GetAsync("/api/v1/schedules?frequency=month&pageSize=1&page=2", Ct)).JsonAsync();
        Assert.Equal(["SL1_C_MONTHLY"], monthly.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal("""["SL1-C"]""", monthly.GetProperty("items")[0].GetProperty("reporters").GetRawText());
        Assert.Equal((2, 1, 2), (monthly.GetProperty("page").GetInt32(), monthly.GetProperty("pageSize").GetInt32(), monthly.GetProperty("total").GetInt32()));
    }

    [Theory]
    [InlineData("frequency=weekly", "frequency")]
    [InlineData("frequency=MONTH", "frequency")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1001", "pageSize")]
    public async Task A_bad_filter_is_a_400(string query, string key)
    {
        await (await api.Client("reader").GetAsync("/api/v1/schedules?" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, key);
    }
}
