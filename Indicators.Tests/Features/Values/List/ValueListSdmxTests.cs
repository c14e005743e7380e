using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Tests.Kernel.Sdmx;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Values.List;

public sealed class ValueListSdmxTestsOnSqlite(SqliteApi api) : ValueListSdmxTests(api), IClassFixture<SqliteApi>;

public sealed class ValueListSdmxTestsOnSqlServer(SqlServerApi api) : ValueListSdmxTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// GET /api/v1/values as SDMX (SPEC "Exchange formats (SDMX)", flow INDICATOR_VALUES): the same observations as the
/// JSON page — same filters, same page — with the codes mapped, valid against the published SDMX-JSON 2.0.0 schema.
/// </summary>
public abstract class ValueListSdmxTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string SdmxCsvType = "application/vnd.sdmx.data+csv;version=2.0.0";
    private const string SdmxJsonType = "application/vnd.sdmx.data+json;version=2.0.0";

    private async Task<HttpResponseMessage> GetAsync(string url, string? accept = null)
    {
        var client = api.Client("reader");
        if (accept is not null)
        {
            client.DefaultRequestHeaders.Accept.Clear();
            client.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }
        return await client.GetAsync(url, Ct);
    }

    private async Task GivenValuesAsync(string province, string indicator)
    {
        await Given.ProvinceAsync(api, province);
        await Given.IndicatorAsync(api, indicator, "flow", decimals: 2);
        await Given.ValuesAsync(api,
            (indicator, province, "2020-S1", 7966m, "estimate"), (indicator, province, "2020-M01..M09", 12345.67m, "preliminary"),
            (indicator, province, "2020-Q3", -0.5m, "official"), (indicator, province + "-A", "2020", 1.10m, "official"),
            (indicator, province + "-B", "2020-M02", 0m, "estimate"));
    }

    /// <summary>The JSON view's items as (indicator, org unit, SDMX time, value, CL_OBS_STATUS code).</summary>
    private static List<(string, string, string, decimal, string)> FromJson(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("indicator").GetString()!, i.GetProperty("orgUnit").GetString()!, Time(i.GetProperty("period").GetString()!),
            i.GetProperty("value").GetDecimal(), i.GetProperty("status").GetString() switch { "estimate" => "E", "preliminary" => "P", _ => "A" })).ToList();

    private static string Time(string period) => period.Contains("..", StringComparison.Ordinal)
        ? $"{period[..4]}-{period[6..8]}-01/P{int.Parse(period[^2..], CultureInfo.InvariantCulture) - int.Parse(period[6..8], CultureInfo.InvariantCulture) + 1}M"
        : period;

    [Fact]
    public async Task SDMX_CSV_has_the_JSON_pages_observations_with_the_codes_mapped()
    {
        await GivenValuesAsync("SV1", "SV_OUTPUT");
        var json = await (await GetAsync("/api/v1/values?indicator=SV_OUTPUT")).JsonAsync();

        var response = await GetAsync("/api/v1/values?indicator=SV_OUTPUT", SdmxCsvType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var rows = CsvText.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Equal(["dataflow", "INDICATORS:INDICATOR_VALUES(1.0)", "I"], r.Take(3)));
        Assert.All(rows.Skip(1), r => Assert.Equal("BILLION_VND", r[8]));
        Assert.Equal(FromJson(json),
            rows.Skip(1).Select(r => (r[3], r[4], r[5], decimal.Parse(r[6], CultureInfo.InvariantCulture), r[7])).ToList());
        Assert.Contains(rows, r => r[5] == "2020-01-01/P9M" && r[6] == "12345.67" && r[7] == "P");
        Assert.Contains(rows, r => r[4] == "SV1-A" && r[5] == "2020" && r[6] == "1.1");

        // ?format= gives the same bytes as the Accept header.
        Assert.Equal(await response.Content.ReadAsStringAsync(Ct),
            await (await GetAsync("/api/v1/values?indicator=SV_OUTPUT&format=sdmx-csv")).Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SDMX_JSON_is_a_valid_data_message_whose_observations_decode_to_the_JSON_views_numbers()
    {
        await GivenValuesAsync("SV2", "SV_SALES");
        var json = await (await GetAsync("/api/v1/values?indicator=SV_SALES")).JsonAsync();

        var response = await GetAsync("/api/v1/values?indicator=SV_SALES", SdmxJsonType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var message = await response.JsonAsync();
        SdmxSchema.AssertValid(message);

        var observations = SdmxJson.Decode(message);
        Assert.Equal(FromJson(json), observations.Select(o => (o.Key[0], o.Key[1], o.Key[2], o.Value, o.Status!)).ToList());
        Assert.All(observations, o => Assert.Equal("BILLION_VND", o.Unit));
        var structure = message.GetProperty("data").GetProperty("structures")[0];
        Assert.Equal("urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=INDICATORS:INDICATOR_VALUES(1.0)",
            structure.GetProperty("links")[0].GetProperty("urn").GetString());
        Assert.Equal(["INDICATOR", "REF_AREA", "TIME_PERIOD"],
            structure.GetProperty("dimensions").GetProperty("observation").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var area = structure.GetProperty("dimensions").GetProperty("observation")[1].GetProperty("values")[0];
        Assert.Equal(("SV2", "Tỉnh Thử SV2", "Test Province SV2"),
            (area.GetProperty("id").GetString(), area.GetProperty("names").GetProperty("vi").GetString(), area.GetProperty("names").GetProperty("en").GetString()));
        Assert.Equal("Tỉnh Thử SV2", area.GetProperty("name").GetString());
        var units = structure.GetProperty("attributes").GetProperty("observation")[1];
        Assert.Equal(("UNIT_MEASURE", "billion VND", "tỷ đồng"),
            (units.GetProperty("id").GetString(), units.GetProperty("values")[0].GetProperty("names").GetProperty("en").GetString(),
             units.GetProperty("values")[0].GetProperty("name").GetString()));
    }

    [Fact]
    public async Task SDMX_JSON_answers_304_until_the_data_changes_though_each_message_has_its_own_id()
    {
        await GivenValuesAsync("SV5", "SV_TAGGED");
        const string url = "/api/v1/values?indicator=SV_TAGGED&format=sdmx-json";
        var first = await GetAsync(url);
        var second = await GetAsync(url);
        Assert.NotEqual((await first.JsonAsync()).GetProperty("meta").GetProperty("id").GetString(),
            (await second.JsonAsync()).GetProperty("meta").GetProperty("id").GetString());
        var tag = first.Headers.ETag!;
        Assert.True(tag.IsWeak);
        Assert.Equal(tag, second.Headers.ETag);

        var client = api.Client("reader");
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(tag);
        var notModified = await client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("", await notModified.Content.ReadAsStringAsync(Ct));

        // The SDMX-CSV of the same page is another representation with its own (strong) tag.
        var csv = await GetAsync("/api/v1/values?indicator=SV_TAGGED&format=sdmx-csv");
        Assert.False(csv.Headers.ETag!.IsWeak);
        Assert.NotEqual(tag.Tag, csv.Headers.ETag.Tag);

        await Given.ValuesAsync(api, ("SV_TAGGED", "SV5", "2020-M03", 1.25m, "official"));
        var changed = new HttpRequestMessage(HttpMethod.Get, url);
        changed.Headers.IfNoneMatch.Add(tag);
        var after = await client.SendAsync(changed, Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(tag, after.Headers.ETag);
        Assert.Contains(SdmxJson.Decode(await after.JsonAsync()), o => o.Key[2] == "2020-M03" && o.Value == 1.25m);
    }

    [Fact]
    public async Task Paging_and_filters_select_the_same_observations_as_JSON()
    {
        await GivenValuesAsync("SV3", "SV_PAGED");
        foreach (var query in new[] { "indicator=SV_PAGED&page=2&pageSize=2", "indicator=SV_PAGED&orgUnit=SV3&year=2020&status=official", "indicator=SV_PAGED&period=2020-M01..M09" })
        {
            var json = FromJson(await (await GetAsync("/api/v1/values?" + query)).JsonAsync());
            var message = await (await GetAsync("/api/v1/values?" + query + "&format=sdmx-json")).JsonAsync();
            SdmxSchema.AssertValid(message);
            Assert.Equal(json, SdmxJson.Decode(message).Select(o => (o.Key[0], o.Key[1], o.Key[2], o.Value, o.Status!)).ToList());
            var csv = CsvText.Parse(await (await GetAsync("/api/v1/values?" + query + "&format=sdmx-csv")).Content.ReadAsStringAsync(Ct));
            Assert.Equal(json.Count, csv.Count - 1);
        }
        // An empty page is still a valid message, with no observation (and a CSV of its header alone).
        var empty = await (await GetAsync("/api/v1/values?indicator=SV_PAGED&year=2001&format=sdmx-json")).JsonAsync();
        SdmxSchema.AssertValid(empty);
        Assert.Empty(SdmxJson.Decode(empty));
        Assert.Single(CsvText.Parse(await (await GetAsync("/api/v1/values?indicator=SV_PAGED&year=2001", SdmxCsvType)).Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Other_formats_and_versions_are_refused_with_a_problem()
    {
        var problem = await (await GetAsync("/api/v1/values?format=sdmx-xml")).AssertProblemAsync(HttpStatusCode.BadRequest, "format");
        Assert.Contains("sdmx-csv", problem.GetProperty("errors").GetProperty("format")[0].GetString());
        var version = await (await GetAsync("/api/v1/values", "application/vnd.sdmx.data+json;version=1.0.0")).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal("urn:indicators:problem:not-acceptable", version.GetProperty("type").GetString());
        // The targets list does not speak SDMX: its format stays json or csv.
        await (await GetAsync("/api/v1/targets?format=sdmx-csv")).AssertProblemAsync(HttpStatusCode.BadRequest, "format");
    }
}

/// <summary>The service with <c>Sdmx:AgencyId</c> set, as a national statistics office would deploy it.</summary>
public sealed class SdmxAgencyApi : SqliteApiWithSettings
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sdmx:AgencyId"] = "GSO_VN" };
}

/// <summary>The agency of the Sdmx:AgencyId setting names the dataflows in SDMX-CSV and SDMX-JSON.</summary>
public sealed class SdmxAgencySettingTests(SdmxAgencyApi api) : IClassFixture<SdmxAgencyApi>
{
    [Fact]
    public async Task The_agency_setting_names_the_structure_and_the_sender()
    {
        var reader = api.Client("reader");
        var csv = CsvText.Parse(await reader.GetStringAsync("/api/v1/values?indicator=INDUSTRIAL_OUTPUT&format=sdmx-csv", TestContext.Current.CancellationToken));
        Assert.All(csv.Skip(1), r => Assert.Equal("GSO_VN:INDICATOR_VALUES(1.0)", r[1]));
        var json = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/plan-vs-actual?period=2020-S1&format=sdmx-json", TestContext.Current.CancellationToken)).RootElement;
        SdmxSchema.AssertValid(json);
        Assert.Equal("GSO_VN", json.GetProperty("meta").GetProperty("sender").GetProperty("id").GetString());
        Assert.Equal("urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=GSO_VN:PLAN_VS_ACTUAL(1.0)",
            json.GetProperty("data").GetProperty("dataSets")[0].GetProperty("links")[0].GetProperty("urn").GetString());
    }
}
