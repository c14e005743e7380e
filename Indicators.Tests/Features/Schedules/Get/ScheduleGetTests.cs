using System.Net;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Schedules.Get;

public sealed class ScheduleGetTestsOnSqlite(SqliteApi api) : ScheduleGetTests(api), IClassFixture<SqliteApi>;

public sealed class ScheduleGetTestsOnSqlServer(SqlServerApi api) : ScheduleGetTests(api), IClassFixture<SqlServerApi>;

public abstract class ScheduleGetTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("reader")]
    [InlineData("sd")]
    [InlineData("admin")]
    public async Task Any_key_reads_a_schedule(string key)
    {
        var s = await (await api.Client(key).GetAsync("/api/v1/schedules/SOCIO_ECONOMIC_HALF_YEAR", Ct)).JsonAsync();
        Assert.Equal("SOCIO_ECONOMIC_HALF_YEAR", s.GetProperty("code").GetString());
        Assert.Equal("Báo cáo tình hình kinh tế - xã hội 6 tháng", s.GetProperty("name").GetProperty("vi").GetString());
        Assert.Equal(12, s.GetProperty("reporters").GetArrayLength());
    }

    [Theory]
    [InlineData("NO_SUCH_SCHEDULE")]
    [InlineData("socio_economic_half_year")]
    [InlineData("SOCIO_ECONOMIC_HALF_YEAR%27%20OR%201%3D1--")]
    public async Task An_unknown_code_is_a_404_codes_being_case_sensitive(string code)
    {
        var problem = await (await api.Client("reader").GetAsync($"/api/v1/schedules/{code}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("urn:indicators:problem:not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Answers_304_while_the_schedule_is_unchanged()
    {
        var first = await api.Client("reader").GetAsync("/api/v1/schedules/SOCIO_ECONOMIC_HALF_YEAR", Ct);
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/schedules/SOCIO_ECONOMIC_HALF_YEAR");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Client("reader").SendAsync(again, Ct)).StatusCode);
    }
}
