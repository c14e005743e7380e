using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Tests.Kernel.Sdmx;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Reports.PlanVsActual;

public sealed class PlanVsActualSdmxTestsOnSqlite(SqliteApi api) : PlanVsActualSdmxTests(api), IClassFixture<SqliteApi>;

public sealed class PlanVsActualSdmxTestsOnSqlServer(SqlServerApi api) : PlanVsActualSdmxTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// GET /api/v1/plan-vs-actual as SDMX (flow PLAN_VS_ACTUAL): every figure of the JSON rows that is not null is one
/// observation of its MEASURE, with the same number; nulls are left out; percentages are in PC.
/// </summary>
public abstract class PlanVsActualSdmxTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string Measure, string Field, bool Percent)[] Measures =
    [
        ("ACTUAL", "actual", false), ("TARGET", "target", false), ("PERCENT_OF_TARGET", "percentOfTarget", true),
        ("PREVIOUS_YEAR", "previousYear", false), ("CHANGE_PERCENT", "changeFromPreviousYearPercent", true), ("REMAINING", "remaining", false),
    ];

    private async Task<HttpResponseMessage> GetAsync(string query, string? accept = null)
    {
        var client = api.Client("reader");
        if (accept is not null)
        {
            client.DefaultRequestHeaders.Accept.Clear();
            client.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }
        return await client.GetAsync("/api/v1/plan-vs-actual?" + query, Ct);
    }

    /// <summary>The JSON rows' figures as observations: (indicator, org unit, measure, value, OBS_STATUS, unit code).</summary>
    private static List<(string, string, string, decimal, string?, string)> Expected(JsonElement doc, string unit) =>
        doc.GetProperty("rows").EnumerateArray().SelectMany(row => Measures
            .Where(m => row.GetProperty(m.Field).ValueKind != JsonValueKind.Null)
            .Select(m => (row.GetProperty("indicator").GetString()!, row.GetProperty("orgUnit").GetString()!, m.Measure, row.GetProperty(m.Field).GetDecimal(),
                m.Measure == "ACTUAL" ? row.GetProperty("actualStatus").GetString() switch { "estimate" => "E", "preliminary" => "P", "official" => "A", _ => null } : null,
                m.Percent ? "PC" : unit)))
            .ToList();

    [Fact]
    public async Task The_source_documents_industrial_output_row_as_SDMX_CSV()
    {
        var response = await GetAsync("period=2020-S1&indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ", "application/vnd.sdmx.data+csv;version=2.0.0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
        [
            ["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "MEASURE", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "ACTUAL", "2020-S1", "7966", "E", "BILLION_VND"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "TARGET", "2020-S1", "18029", "", "BILLION_VND"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "PERCENT_OF_TARGET", "2020-S1", "44.18", "", "PC"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "PREVIOUS_YEAR", "2020-S1", "7515", "", "BILLION_VND"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "CHANGE_PERCENT", "2020-S1", "6", "", "PC"],
            ["dataflow", "INDICATORS:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "REMAINING", "2020-S1", "10063", "", "BILLION_VND"],
        ], CsvText.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task SDMX_JSON_observations_are_the_JSON_rows_figures_with_nulls_left_out_and_the_message_is_valid()
    {
        await Given.ProvinceAsync(api, "SP1");
        await Given.IndicatorAsync(api, "SP_OUTPUT", "flow", decimals: 1);
        await Given.ValuesAsync(api,
            ("SP_OUTPUT", "SP1-A", "2020-Q1", 10.5m, "official"), ("SP_OUTPUT", "SP1-A", "2020-Q2", 20m, "estimate"),
            ("SP_OUTPUT", "SP1-B", "2020-S1", 30m, "preliminary"), ("SP_OUTPUT", "SP1-A", "2019-S1", 25m, "official"));
        await Given.TargetsAsync(api, ("SP_OUTPUT", "SP1", "2020", "plan", 200m, "atLeast"), ("SP_OUTPUT", "SP1-B", "2020", "plan", 50m, "atLeast"));

        const string query = "period=2020-S1&indicator=SP_OUTPUT&orgUnit=SP1&children=true&lang=en";
        var doc = await (await GetAsync(query)).JsonAsync();
        var expected = Expected(doc, "BILLION_VND");
        Assert.Contains(expected, o => o is ("SP_OUTPUT", "SP1", "ACTUAL", 60.5m, "E", "BILLION_VND"));
        Assert.DoesNotContain(expected, o => o.Item2 == "SP1-B" && o.Item3 == "PREVIOUS_YEAR");

        var message = await (await GetAsync(query, "application/vnd.sdmx.data+json;version=2.0.0")).JsonAsync();
        SdmxSchema.AssertValid(message);
        var observations = SdmxJson.Decode(message);
        Assert.Equal(expected, observations.Select(o => (o.Key[0], o.Key[1], o.Key[2], o.Value, o.Status, o.Unit!)).ToList());
        Assert.All(observations, o => Assert.Equal("2020-S1", o.Key[3]));
        Assert.Equal(["INDICATOR", "REF_AREA", "MEASURE", "TIME_PERIOD"],
            message.GetProperty("data").GetProperty("structures")[0].GetProperty("dimensions").GetProperty("observation").EnumerateArray()
                .Select(d => d.GetProperty("id").GetString()));
        Assert.Equal("en", message.GetProperty("meta").GetProperty("contentLanguages")[0].GetString());
        var time = message.GetProperty("data").GetProperty("structures")[0].GetProperty("dimensions").GetProperty("observation")[3].GetProperty("values")[0];
        Assert.Equal(("2020-S1", "First half of 2020", "6 tháng đầu năm 2020"),
            (time.GetProperty("id").GetString(), time.GetProperty("name").GetString(), time.GetProperty("names").GetProperty("vi").GetString()));

        var csv = CsvText.Parse(await (await GetAsync(query + "&format=sdmx-csv")).Content.ReadAsStringAsync(Ct));
        Assert.Equal(expected, csv.Skip(1).Select(r => (r[3], r[4], r[5], decimal.Parse(r[7], CultureInfo.InvariantCulture), r[8] == "" ? null : r[8], r[9])).ToList());
    }

    [Fact]
    public async Task Another_run_of_months_is_a_time_range()
    {
        var message = await (await GetAsync("period=2020-M01..M09&format=sdmx-json")).JsonAsync();
        SdmxSchema.AssertValid(message);
        var observations = SdmxJson.Decode(message);
        Assert.NotEmpty(observations);
        Assert.All(observations, o => Assert.Equal("2020-01-01/P9M", o.Key[3]));
        var csv = CsvText.Parse(await (await GetAsync("period=2020-M01..M09&format=sdmx-csv")).Content.ReadAsStringAsync(Ct));
        Assert.All(csv.Skip(1), r => Assert.Equal("2020-01-01/P9M", r[6]));
        Assert.Equal(observations.Count, csv.Count - 1);
    }
}
