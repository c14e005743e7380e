using Indicators.Tests.Support;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Indicators.Tests.Features.Values.List;

public sealed class ValueListTestsOnSqlite(SqliteApi api) : ValueListTests(api), IClassFixture<SqliteApi>;

public sealed class ValueListTestsOnSqlServer(SqlServerApi api) : ValueListTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/values (and the shapes every list shares: CSV, bad filters, 304, checked on the values, targets and history lists).</summary>
public abstract class ValueListTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<JsonElement> GetAsync(string url) => api.Client("reader").GetOkJsonAsync(url);

    private static List<string> Keys(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("orgUnit").GetString()} {i.GetProperty("period").GetString()}").ToList();

    [Fact]
    public async Task Lists_the_seeded_values_of_an_indicator_in_a_stable_order()
    {
        var list = await GetAsync("/api/v1/values?indicator=INDUSTRIAL_OUTPUT");
        Assert.Equal(3, list.GetProperty("total").GetInt32());
        Assert.Equal(1, list.GetProperty("page").GetInt32());
        Assert.Equal(100, list.GetProperty("pageSize").GetInt32());
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("TQ", "2019-S1", 7515m), ("TQ", "2020-S1", 7966m), ("TQ-SD", "2020-S1", 2700m)],
            items.Select(i => (i.GetProperty("orgUnit").GetString(), i.GetProperty("period").GetString(), i.GetProperty("value").GetDecimal())));
        var first = items[1];
        Assert.Equal(["indicator", "orgUnit", "period", "value", "status", "note", "revision", "updatedAt", "submissionId"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("estimate", first.GetProperty("status").GetString());
        Assert.StartsWith("Báo cáo HN BCH Đảng bộ tỉnh lần thứ 20", first.GetProperty("note").GetString());
        Assert.Equal(1, first.GetProperty("revision").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("submissionId").GetString()));
    }

    [Fact]
    public async Task Filters_values_by_unit_period_year_and_status_and_pages_them()
    {
        await Given.ProvinceAsync(api, "PL1");
        await Given.IndicatorAsync(api, "PL_VALUES", "flow");
        await Given.ValuesAsync(api,
            ("PL_VALUES", "PL1", "2020-M01", 1m, "official"), ("PL_VALUES", "PL1", "2020-Q1", 3m, "preliminary"),
            ("PL_VALUES", "PL1", "2020-S1", 6m, "estimate"), ("PL_VALUES", "PL1", "2019", 20m, "official"),
            ("PL_VALUES", "PL1-A", "2020-S1", 2.5m, "official"));

        var all = await GetAsync("/api/v1/values?indicator=PL_VALUES");
        Assert.Equal(["PL1 2019", "PL1 2020-M01", "PL1 2020-Q1", "PL1 2020-S1", "PL1-A 2020-S1"], Keys(all));
        Assert.Equal(["PL1 2020-S1", "PL1-A 2020-S1"], Keys(await GetAsync("/api/v1/values?indicator=PL_VALUES&period=2020-M01..M06")));
        Assert.Equal(["PL1 2020-M01", "PL1 2020-Q1", "PL1 2020-S1"], Keys(await GetAsync("/api/v1/values?indicator=PL_VALUES&orgUnit=PL1&year=2020")));
        Assert.Equal(["PL1 2019", "PL1 2020-M01", "PL1-A 2020-S1"], Keys(await GetAsync("/api/v1/values?indicator=PL_VALUES&status=official")));

        var page1 = await GetAsync("/api/v1/values?indicator=PL_VALUES&pageSize=2");
        var page3 = await GetAsync("/api/v1/values?indicator=PL_VALUES&pageSize=2&page=3");
        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal(["PL1 2019", "PL1 2020-M01"], Keys(page1));
        Assert.Equal(["PL1-A 2020-S1"], Keys(page3));
        Assert.Equal(5, page3.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Answers_the_lists_as_csv_with_vietnamese_intact()
    {
        var csv = CsvText.Parse(await (await api.Client("reader").GetAsync("/api/v1/targets?indicator=INDUSTRIAL_OUTPUT&kind=resolution&format=csv", Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Equal(["indicator", "orgUnit", "period", "kind", "value", "comparison", "source", "revision", "updatedAt"], csv[0]);
        Assert.Equal(2, csv.Count);
        Assert.Equal(["INDUSTRIAL_OUTPUT", "TQ", "2020", "resolution", "17600", "atLeast"], csv[1].Take(6));
        Assert.StartsWith("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI", csv[1][6]);

        var client = api.Client("reader");
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/csv");
        var values = await client.GetAsync("/api/v1/values?indicator=EXPORT_VALUE", Ct);
        Assert.Equal("text/csv", values.Content.Headers.ContentType?.MediaType);
        var rows = CsvText.Parse(await values.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["indicator", "orgUnit", "period", "value", "status", "note", "revision", "updatedAt", "submissionId"], rows[0]);
        Assert.Equal([["EXPORT_VALUE", "TQ", "2019-S1", "40"], ["EXPORT_VALUE", "TQ", "2020-S1", "42"]], rows.Skip(1).Select(r => r.Take(4)));
    }

    [Fact]
    public async Task Refuses_bad_filters_naming_the_field()
    {
        var reader = api.Client("reader");
        async Task Bad(string url, params string[] keys) => await (await reader.GetAsync(url, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, keys);

        await Bad("/api/v1/values?period=2020-H1&year=1999&status=final&page=0&pageSize=1001&format=xlsx", "period", "year", "status", "page", "pageSize", "format");
        await Bad("/api/v1/values?indicator=NOPE&orgUnit=NOWHERE", "indicator", "orgUnit");
        await Bad("/api/v1/targets?kind=budget&period=2020-Q0", "kind", "period");
        await Bad("/api/v1/targets?indicator=NOPE", "indicator");
        await Bad("/api/v1/values/history", "indicator", "orgUnit", "period");
        await Bad("/api/v1/values/history?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&period=2020-M13", "period");
        await Bad("/api/v1/values/history?indicator=NOPE&orgUnit=TQ&period=2020-S1", "indicator");
        await (await api.Client().GetAsync("/api/v1/values", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/values?indicator=INDUSTRIAL_OUTPUT")]
    [InlineData("/api/v1/values/history?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&period=2020-S1")]
    [InlineData("/api/v1/targets?year=2020&format=csv")]
    public async Task Answers_304_when_the_list_has_not_changed(string url)
    {
        var client = api.Client("reader");
        var first = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync(Ct));
    }
}
