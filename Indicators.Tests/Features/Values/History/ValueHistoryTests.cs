using Indicators.Tests.Support;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Indicators.Tests.Features.Values.History;

public sealed class ValueHistoryTestsOnSqlite(SqliteApi api) : ValueHistoryTests(api), IClassFixture<SqliteApi>;

public sealed class ValueHistoryTestsOnSqlServer(SqlServerApi api) : ValueHistoryTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/values/history.</summary>
public abstract class ValueHistoryTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<JsonElement> GetAsync(string url) => api.Client("reader").GetOkJsonAsync(url);

    [Fact]
    public async Task Reads_every_revision_of_a_key_newest_first_with_who_wrote_it()
    {
        await Given.ProvinceAsync(api, "PL2");
        await Given.IndicatorAsync(api, "PL_HISTORY", "flow");
        var admin = api.Client("admin");
        var first = await (await admin.PostAsJsonAsync("/api/v1/submissions", new { values = new[] { new { indicator = "PL_HISTORY", orgUnit = "PL2", period = "2020-Q1", value = 10.5m, status = "estimate", note = "ước tính" } } }, Ct)).JsonAsync();
        var second = await (await admin.PostAsJsonAsync("/api/v1/submissions", new { values = new[] { new { indicator = "PL_HISTORY", orgUnit = "PL2", period = "2020-M01..M03", value = 11m, status = "official", note = (string?)null } } }, Ct)).JsonAsync();

        var history = await GetAsync("/api/v1/values/history?indicator=PL_HISTORY&orgUnit=PL2&period=2020-m01..m03");
        Assert.Equal("2020-Q1", history.GetProperty("period").GetString());
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["value", "status", "note", "writtenBy", "writtenByUnit", "writtenAt", "submissionId", "revision"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([2, 1], items.Select(i => i.GetProperty("revision").GetInt32()));
        Assert.Equal([11m, 10.5m], items.Select(i => i.GetProperty("value").GetDecimal()));
        Assert.Equal(["official", "estimate"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal([null, "ước tính"], items.Select(i => i.GetProperty("note").GetString()));
        Assert.All(items, i => Assert.Equal("test admin", i.GetProperty("writtenBy").GetString()));
        Assert.All(items, i => Assert.Equal("TQ", i.GetProperty("writtenByUnit").GetString()));
        Assert.Equal([second.GetProperty("id").GetString(), first.GetProperty("id").GetString()], items.Select(i => i.GetProperty("submissionId").GetString()));

        var current = (await GetAsync("/api/v1/values?indicator=PL_HISTORY")).GetProperty("items")[0];
        Assert.Equal(2, current.GetProperty("revision").GetInt32());
        Assert.Equal(second.GetProperty("id").GetString(), current.GetProperty("submissionId").GetString());

        var csv = CsvText.Parse(await (await api.Client("reader").GetAsync("/api/v1/values/history?indicator=PL_HISTORY&orgUnit=PL2&period=2020-Q1&format=csv", Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Equal(["indicator", "orgUnit", "period", "value", "status", "note", "writtenBy", "writtenByUnit", "writtenAt", "submissionId", "revision"], csv[0]);
        Assert.Equal(["PL_HISTORY", "PL2", "2020-Q1", "10.5", "estimate", "ước tính", "test admin", "TQ"], csv[2].Take(8));
        Assert.Equal("1", csv[2][10]);

        var never = await GetAsync("/api/v1/values/history?indicator=PL_HISTORY&orgUnit=PL2&period=2020-Q2");
        Assert.Equal(0, never.GetProperty("total").GetInt32());
        Assert.Equal(0, never.GetProperty("items").GetArrayLength());
    }
}
