using System.Net;
using System.Text.Json;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Reports.Series;

public sealed class SeriesTestsOnSqlite(SqliteApi api) : SeriesTests(api), IClassFixture<SqliteApi>;

public sealed class SeriesTestsOnSqlServer(SqlServerApi api) : SeriesTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/series on data each test makes for itself.</summary>
public abstract class SeriesTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] PointFields =
        ["period", "actual", "actualStatus", "actualSource", "target", "previousYear", "changeFromPreviousYearPercent"];

    [Fact]
    public async Task Shows_the_seeded_industrial_output_by_half_year_against_the_same_half_of_2019()
    {
        var series = await GetAsync("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2019-S1&to=2020&periodType=half");
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["2019-S1", "2019-S2", "2020-S1", "2020-S2"], points.Select(p => p.GetProperty("period").GetString()));
        Assert.Equal([7515m, null, 7966m, null], points.Select(p => Number(p, "actual")));
        Assert.Equal([null, null, 7515m, null], points.Select(p => Number(p, "previousYear")));
        Assert.Equal(6m, Number(points[2], "changeFromPreviousYearPercent"));
        // The plan is for the year 2020, not for either half.
        Assert.All(points, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("target").ValueKind));

        var years = await GetAsync("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2020&to=2020");
        Assert.Equal(18029m, Number(years.GetProperty("points")[0], "target"));
    }

    [Fact]
    public async Task Resolves_each_point_like_plan_versus_actual_with_the_target_of_exactly_that_period()
    {
        await Given.ProvinceAsync(api, "PS1");
        await Given.IndicatorAsync(api, "PS_QUARTERS", "flow", decimals: 0);
        await Given.ValuesAsync(api,
            ("PS_QUARTERS", "PS1", "2019-Q1", 10m, "official"), ("PS_QUARTERS", "PS1", "2019-Q2", 20m, "official"),
            ("PS_QUARTERS", "PS1", "2019-M07", 1m, "official"), ("PS_QUARTERS", "PS1", "2019-M08", 2m, "preliminary"), ("PS_QUARTERS", "PS1", "2019-M09", 3m, "official"),
            ("PS_QUARTERS", "PS1-A", "2020-Q1", 5m, "official"), ("PS_QUARTERS", "PS1-B", "2020-Q1", 7m, "estimate"),
            ("PS_QUARTERS", "PS1", "2020-Q2", 25m, "official"));
        await Given.TargetsAsync(api, ("PS_QUARTERS", "PS1", "2020-Q2", "plan", 30m, "atLeast"), ("PS_QUARTERS", "PS1", "2020", "plan", 100m, "atLeast"));

        var series = await GetAsync("indicator=PS_QUARTERS&orgUnit=PS1&from=2019-Q1&to=2020-Q2&periodType=quarter");

        Assert.Equal(["indicator", "orgUnit", "indicatorName", "orgUnitName", "unit", "periodType", "targetKind", "points"], series.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PS_QUARTERS", series.GetProperty("indicator").GetString());
        Assert.Equal("PS1", series.GetProperty("orgUnit").GetString());
        Assert.Equal("quarter", series.GetProperty("periodType").GetString());
        Assert.Equal("plan", series.GetProperty("targetKind").GetString());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.All(points, p => Assert.Equal(PointFields, p.EnumerateObject().Select(f => f.Name)));
        Assert.Equal(["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2"], points.Select(p => p.GetProperty("period").GetString()));
        Assert.Equal([10m, 20m, 6m, null, 12m, 25m], points.Select(p => Number(p, "actual")));
        Assert.Equal(["reported", "reported", "derived", null, "children", "reported"], points.Select(p => p.GetProperty("actualSource").GetString()));
        Assert.Equal(["official", "official", "preliminary", null, "estimate", "official"], points.Select(p => p.GetProperty("actualStatus").GetString()));
        Assert.Equal([null, null, null, null, null, 30m], points.Select(p => Number(p, "target")));
        Assert.Equal([null, null, null, null, 10m, 20m], points.Select(p => Number(p, "previousYear")));
        Assert.Equal([null, null, null, null, 20m, 25m], points.Select(p => Number(p, "changeFromPreviousYearPercent")));
    }

    [Fact]
    public async Task Takes_the_period_type_from_from_when_not_given_and_spans_years()
    {
        await Given.ProvinceAsync(api, "PS2");
        await Given.IndicatorAsync(api, "PS_YEARS", "flow", decimals: 0);
        await Given.ValuesAsync(api, ("PS_YEARS", "PS2", "2019-S1", 40m, "official"), ("PS_YEARS", "PS2", "2019-S2", 60m, "official"), ("PS_YEARS", "PS2", "2020", 120m, "official"));
        await Given.TargetsAsync(api, ("PS_YEARS", "PS2", "2020", "plan", 150m, "atLeast"));

        var years = await GetAsync("indicator=PS_YEARS&orgUnit=PS2&from=2019&to=2020-Q1");
        Assert.Equal("year", years.GetProperty("periodType").GetString());
        var points = years.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["2019", "2020"], points.Select(p => p.GetProperty("period").GetString()));
        Assert.Equal([100m, 120m], points.Select(p => Number(p, "actual")));
        Assert.Equal([null, 150m], points.Select(p => Number(p, "target")));
        Assert.Equal(20m, Number(points[1], "changeFromPreviousYearPercent"));

        var months = await GetAsync("indicator=PS_YEARS&orgUnit=PS2&from=2019-M11..M12&to=2020-Q1&periodType=month");
        Assert.Equal(["2019-M11", "2019-M12", "2020-M01", "2020-M02", "2020-M03"],
            months.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task Names_the_series_in_the_chosen_language_and_answers_csv()
    {
        await Given.ProvinceAsync(api, "PS3");
        await Given.IndicatorAsync(api, "PS_CSV", "flow", nameVi: "Tổng mức bán lẻ, thử", nameEn: "Retail, test");
        await Given.ValuesAsync(api, ("PS_CSV", "PS3", "2019-S1", 8m, "official"), ("PS_CSV", "PS3", "2020-S1", 10.5m, "estimate"));
        const string query = "indicator=PS_CSV&orgUnit=PS3&from=2019-S1&to=2020-S2";

        var vi = await GetAsync(query);
        Assert.Equal("Tổng mức bán lẻ, thử", vi.GetProperty("indicatorName").GetString());
        Assert.Equal("Tỉnh Thử PS3", vi.GetProperty("orgUnitName").GetString());
        Assert.Equal("tỷ đồng", vi.GetProperty("unit").GetString());
        var en = await GetAsync(query + "&lang=en");
        Assert.Equal("Retail, test", en.GetProperty("indicatorName").GetString());
        Assert.Equal("billion VND", en.GetProperty("unit").GetString());

        var response = await api.Client("reader").GetAsync("/api/v1/series?" + query + "&format=csv", Ct);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = CsvText.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["indicator", "orgUnit", "period", .. PointFields.Skip(1)], csv[0]);
        Assert.Equal(
            [
                ["PS_CSV", "PS3", "2019-S1", "8", "official", "reported", "", "", ""],
                ["PS_CSV", "PS3", "2019-S2", "", "", "", "", "", ""],
                ["PS_CSV", "PS3", "2020-S1", "10.5", "estimate", "reported", "", "8", "31.25"],
                ["PS_CSV", "PS3", "2020-S2", "", "", "", "", "", ""],
            ],
            csv.Skip(1));
    }

    [Fact]
    public async Task Refuses_bad_ranges_and_codes_naming_the_field()
    {
        var reader = api.Client("reader");
        async Task<JsonElement> Bad(string query, params string[] keys) =>
            await (await reader.GetAsync("/api/v1/series?" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, keys);

        await Bad("from=2020-S1&to=2020-S2", "indicator", "orgUnit");
        await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ", "from", "to");
        await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2020-S3&to=2020", "from");
        var unknown = await Bad("indicator=NOPE&orgUnit=NOWHERE&from=2020-S1&to=2020-S2", "indicator", "orgUnit");
        Assert.Contains("NOPE", unknown.GetProperty("errors").GetProperty("indicator")[0].GetString());
        await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2020-S1&to=2020-S2&periodType=range", "periodType");
        await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2020-M02..M04&to=2020-S2", "periodType");
        var backwards = await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2021&to=2020-S2", "to");
        Assert.Contains("ends before", backwards.GetProperty("errors").GetProperty("to")[0].GetString());
        var tooMany = await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2000-M01&to=2100-M12&periodType=month", "to");
        Assert.Contains("1212 points", tooMany.GetProperty("errors").GetProperty("to")[0].GetString());
        await Bad("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2020-S1&to=2020-S2&targetKind=x&lang=de&format=pdf", "targetKind", "lang", "format");

        // A century of years is fine.
        var century = await GetAsync("indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2000&to=2100");
        Assert.Equal(101, century.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Answers_304_when_the_series_has_not_changed()
    {
        var client = api.Client("reader");
        const string url = "/api/v1/series?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2019-S1&to=2020-S2";
        var first = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again, Ct)).StatusCode);
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var response = await api.Client("reader").GetAsync("/api/v1/series?" + query, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static decimal? Number(JsonElement point, string field) =>
        point.GetProperty(field).ValueKind == JsonValueKind.Null ? null : point.GetProperty(field).GetDecimal();
}
