using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Support;

/// <summary>The reporting cycle as a client drives it, for the tests of the schedules, report status and approvals.</summary>
public static class Reporting
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An instant of the province's calendar (UTC+7).</summary>
    public static DateTimeOffset Vietnam(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new(y, m, d, h, min, s, TimeSpan.FromHours(7));

    /// <summary>
    /// A province of its own: <c>{code}</c> with districts <c>{code}-A</c>, <c>{code}-B</c>, <c>{code}-C</c>, a department
    /// <c>{code}-D</c>, and two indicators: <c>{code}_X</c> (the department reports its province-level figure) and
    /// <c>{code}_Y</c> (responsible unit TQ-SKHDT, so the department has nothing to send for it).
    /// </summary>
    public static async Task ProvinceAsync(ApiFixture api, string code)
    {
        await Given.ProvinceAsync(api, code);
        await Given.OrgUnitAsync(api, code + "-C", "district", code, $"Huyện Thử C {code}", $"Test District C {code}");
        await Given.OrgUnitAsync(api, code + "-D", "department", code, $"Sở Thử {code}", $"Test Department {code}");
        await IndicatorAsync(api, code + "_X", code + "-D");
        await IndicatorAsync(api, code + "_Y", "TQ-SKHDT");
    }

    public static async Task IndicatorAsync(ApiFixture api, string code, string? responsibleUnit, int decimals = 1)
    {
        var response = await api.Client("admin").PutAsJsonAsync($"/api/v1/indicators/{code}", new
        {
            name = new { vi = $"Chỉ tiêu {code}", en = $"Indicator {code}" },
            unit = new { vi = "tỷ đồng", en = "billion VND" },
            measure = "flow",
            direction = "increase",
            decimals,
            responsibleUnit,
        }, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    public static object Schedule(string frequency, string cutoff, int dueDays, string[] indicators, string[] reporters, string? validFrom = null, string? validTo = null) =>
        new
        {
            name = new { vi = "Báo cáo thử", en = "Test report" },
            frequency,
            cutoff,
            dueDays,
            validFrom,
            validTo,
            indicators,
            reporters,
        };

    public static async Task ScheduleAsync(ApiFixture api, string code, object schedule)
    {
        var response = await api.Client("admin").PutAsJsonAsync($"/api/v1/schedules/{code}", schedule, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The status answer (200 asserted).</summary>
    public static async Task<JsonElement> StatusAsync(ApiFixture api, string query, string key = "reader")
    {
        var response = await api.Client(key).GetAsync("/api/v1/reporting-status?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    /// <summary>The row of one reporter.</summary>
    public static JsonElement Row(JsonElement status, string orgUnit) =>
        Assert.Single(status.GetProperty("rows").EnumerateArray(), r => r.GetProperty("orgUnit").GetString() == orgUnit);

    /// <summary>orgUnit → timeliness, in the answer's order.</summary>
    public static List<(string OrgUnit, string Timeliness)> Timeliness(JsonElement status) =>
        status.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("orgUnit").GetString()!, r.GetProperty("timeliness").GetString()!)).ToList();

    /// <summary>A key of an org unit made for a test (the fixture's keys are the seeded province's).</summary>
    public static async Task<string> KeyAsync(ApiFixture api, string orgUnit, string role) =>
        (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync(orgUnit, role, $"test {role} {orgUnit}", ct: Ct)).Key;

    /// <summary>The current value of a key, or null (GET /api/v1/values).</summary>
    public static async Task<decimal?> CurrentValueAsync(ApiFixture api, string indicator, string orgUnit, string period)
    {
        var list = await (await api.Client("reader").GetAsync($"/api/v1/values?indicator={indicator}&orgUnit={orgUnit}&period={period}", Ct)).JsonAsync();
        return list.GetProperty("items").EnumerateArray().Select(i => (decimal?)i.GetProperty("value").GetDecimal()).SingleOrDefault();
    }

    public static Task<HttpResponseMessage> ApproveAsync(ApiFixture api, string schedule, string period, string orgUnit, string key = "admin") =>
        api.Client(key).PutAsync($"/api/v1/approvals/{schedule}/{period}/{orgUnit}", null, Ct);

    public static Task<HttpResponseMessage> ReopenAsync(ApiFixture api, string schedule, string period, string orgUnit, string key = "admin") =>
        api.Client(key).DeleteAsync($"/api/v1/approvals/{schedule}/{period}/{orgUnit}", Ct);
}
