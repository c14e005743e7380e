using System.Text.Json;
using System.Text.Json.Nodes;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Sdmx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Kernel.Sdmx;

/// <summary>The SDMX writer on its own: code mappings, time periods and ranges, both flows' columns, the schema, negotiation.</summary>
public sealed class SdmxAnswerTests
{
    private static readonly IndicatorRow Output = new() { Code = "INDUSTRIAL_OUTPUT", NameVi = "Giá trị sản xuất công nghiệp", NameEn = "Industrial production value", UnitVi = "tỷ đồng", UnitEn = "billion VND" };
    private static readonly IndicatorRow Growth = new() { Code = "GRDP_GROWTH", NameVi = "Tăng trưởng GRDP", NameEn = "GRDP growth", UnitVi = "%", UnitEn = "%" };
    private static readonly OrgUnitRow Province = new() { Code = "TQ", NameVi = "Tỉnh Tuyên Quang", NameEn = "Tuyen Quang Province" };
    private static readonly OrgUnitRow District = new() { Code = "TQ-SD", NameVi = "Huyện Sơn Dương", NameEn = "Son Duong District" };
    private static readonly DateTimeOffset Prepared = new(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(7));

    private static IReadOnlyList<SdmxObservation> Observations() =>
    [
        new(Output, Province, null, Period.Parse("2020-S1"), 7966.0m, "estimate", SdmxFlows.UnitOf(Output)),
        new(Output, District, null, Period.Parse("2020-M01..M09"), -0.5m, "official", SdmxFlows.UnitOf(Output)),
        new(Growth, Province, null, Period.Parse("2020"), 2.70m, "preliminary", SdmxFlows.UnitOf(Growth)),
        new(Growth, District, null, Period.Parse("2020-M07..M08"), 1m, null, SdmxFlows.UnitOf(Growth)),
    ];

    [Theory]
    [InlineData("2020", "2020")]
    [InlineData("2020-S2", "2020-S2")]
    [InlineData("2020-Q3", "2020-Q3")]
    [InlineData("2020-M02", "2020-M02")]
    [InlineData("2020-M01..M09", "2020-01-01/P9M")]
    [InlineData("2020-M04..M05", "2020-04-01/P2M")]
    public void TIME_PERIOD_is_the_reporting_period_or_a_time_range(string period, string time) =>
        Assert.Equal(time, SdmxFlows.TimeOf(Period.Parse(period)));

    [Fact]
    public void Codes_map_statuses_units_and_measures()
    {
        Assert.Equal(["E", "P", "A"], new[] { "estimate", "preliminary", "official" }.Select(s => SdmxFlows.ObsStatusOf(s)!.Value.Code));
        Assert.Null(SdmxFlows.ObsStatusOf(null));
        Assert.Equal("BILLION_VND", SdmxFlows.UnitOf(Output).Code);
        Assert.Equal("PC", SdmxFlows.UnitOf(Growth).Code);
        Assert.Equal("MILLION_USD", SdmxFlows.UnitOf(Output with { UnitEn = " million  USD " }).Code);
        Assert.Matches("^U_[0-9A-F]{8}$", SdmxFlows.UnitOf(Output with { UnitEn = "—" }).Code);
        Assert.Equal(["ACTUAL", "TARGET", "PERCENT_OF_TARGET", "PREVIOUS_YEAR", "CHANGE_PERCENT", "REMAINING"],
            Enum.GetValues<SdmxMeasure>().Select(m => SdmxFlows.MeasureCode(m).Code));
        Assert.Equal(new Names("9 tháng đầu năm 2020", "January to September 2020"), SdmxFlows.TimeNames(Period.Parse("2020-M01..M09")));
        Assert.Equal(new Names("6 tháng đầu năm 2020", "First half of 2020"), SdmxFlows.TimeNames(Period.Parse("2020-S1")));
        Assert.Equal(new Names("Quý III năm 2020", "Q3 2020"), SdmxFlows.TimeNames(Period.Parse("2020-Q3")));
    }

    [Fact]
    public void SDMX_CSV_has_the_structure_columns_the_dimensions_OBS_VALUE_and_the_attributes()
    {
        var rows = Support.CsvText.Parse(SdmxAnswer.Csv(SdmxFlows.IndicatorValues, Observations(), "GSO"));
        Assert.Equal(["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"], rows[0]);
        Assert.Equal(["dataflow", "GSO:INDICATOR_VALUES(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "2020-S1", "7966", "E", "BILLION_VND"], rows[1]);
        Assert.Equal(["dataflow", "GSO:INDICATOR_VALUES(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ-SD", "2020-01-01/P9M", "-0.5", "A", "BILLION_VND"], rows[2]);
        Assert.Equal(["dataflow", "GSO:INDICATOR_VALUES(1.0)", "I", "GRDP_GROWTH", "TQ-SD", "2020-07-01/P2M", "1", "", "PC"], rows[4]);

        var pva = Support.CsvText.Parse(SdmxAnswer.Csv(SdmxFlows.PlanVsActual,
            [new(Output, Province, SdmxMeasure.PercentOfTarget, Period.Parse("2020-S1"), 44.18m, null, SdmxFlows.Percent)], "GSO"));
        Assert.Equal(["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "MEASURE", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"], pva[0]);
        Assert.Equal(["dataflow", "GSO:PLAN_VS_ACTUAL(1.0)", "I", "INDUSTRIAL_OUTPUT", "TQ", "PERCENT_OF_TARGET", "2020-S1", "44.18", "", "PC"], pva[1]);
    }

    [Fact]
    public void SDMX_JSON_is_valid_against_the_published_schema_and_decodes_to_the_observations()
    {
        var message = JsonDocument.Parse(SdmxAnswer.Json(SdmxFlows.IndicatorValues, Observations(), "GSO", "en", Prepared)).RootElement;
        SdmxSchema.AssertValid(message);

        Assert.Equal("2026-12-03T03:00:00Z", message.GetProperty("meta").GetProperty("prepared").GetString());
        Assert.Equal("GSO", message.GetProperty("meta").GetProperty("sender").GetProperty("id").GetString());
        var decoded = SdmxJson.Decode(message);
        Assert.Equal(
        [
            ("INDUSTRIAL_OUTPUT|TQ|2020-S1", 7966m, "E", "BILLION_VND"),
            ("INDUSTRIAL_OUTPUT|TQ-SD|2020-01-01/P9M", -0.5m, "A", "BILLION_VND"),
            ("GRDP_GROWTH|TQ|2020", 2.7m, "P", "PC"),
            ("GRDP_GROWTH|TQ-SD|2020-07-01/P2M", 1m, null, "PC"),
        ], decoded.Select(o => (string.Join('|', o.Key), o.Value, o.Status, o.Unit)));
        var indicator = message.GetProperty("data").GetProperty("structures")[0].GetProperty("dimensions").GetProperty("observation")[0];
        Assert.Equal("Industrial production value", indicator.GetProperty("values")[0].GetProperty("name").GetString());
        Assert.Equal("Giá trị sản xuất công nghiệp", indicator.GetProperty("values")[0].GetProperty("names").GetProperty("vi").GetString());
    }

    [Fact]
    public void An_empty_answer_is_still_a_valid_message()
    {
        var message = JsonDocument.Parse(SdmxAnswer.Json(SdmxFlows.PlanVsActual, [], "INDICATORS", "vi", Prepared)).RootElement;
        SdmxSchema.AssertValid(message);
        Assert.Empty(SdmxJson.Decode(message));
    }

    [Fact]
    public void The_schema_check_catches_what_the_standard_forbids()
    {
        var good = JsonNode.Parse(SdmxAnswer.Json(SdmxFlows.IndicatorValues, Observations(), "GSO", "vi", Prepared))!;
        Assert.Empty(SdmxSchema.Errors(JsonDocument.Parse(good.ToJsonString()).RootElement));

        var noLinks = good.DeepClone();
        noLinks["data"]!["dataSets"]![0]!.AsObject().Remove("links");
        var badId = good.DeepClone();
        badId["meta"]!["id"] = "not an id";
        var badTime = good.DeepClone();
        badTime["meta"]!["prepared"] = "yesterday";
        var rangeAsId = good.DeepClone();
        rangeAsId["data"]!["structures"]![0]!["dimensions"]!["observation"]![2]!["values"]![1]!["id"] = "2020-01-01/P9M";
        foreach (var bad in new[] { noLinks, badId, badTime, rangeAsId })
        {
            Assert.NotEmpty(SdmxSchema.Errors(JsonDocument.Parse(bad.ToJsonString()).RootElement));
        }
    }

    [Theory]
    [InlineData(null, "application/vnd.sdmx.data+csv;version=2.0.0", "Csv", false)]
    [InlineData(null, "application/vnd.sdmx.data+json; version=2.0.0", "Json", false)]
    [InlineData(null, "application/vnd.sdmx.data+json", "Json", false)]
    [InlineData(null, "application/json, application/vnd.sdmx.data+csv;version=2.0.0", null, false)]
    [InlineData(null, "application/json;q=0.5, application/vnd.sdmx.data+csv;version=2.0.0", "Csv", false)]
    [InlineData(null, "application/vnd.sdmx.data+json;version=1.0.0", null, true)]
    [InlineData(null, "application/vnd.sdmx.data+json;version=1.0.0, application/json;q=0.1", null, false)]
    [InlineData(null, "text/csv", null, false)]
    [InlineData("sdmx-csv", "application/json", "Csv", false)]
    [InlineData("sdmx-json", null, "Json", false)]
    [InlineData("csv", "application/vnd.sdmx.data+json", null, false)]
    public void The_format_parameter_wins_then_the_most_preferred_known_Accept_type(string? format, string? accept, string? expected, bool refused)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }
        var requested = SdmxMedia.Negotiate(context, format, out var refusal);
        Assert.Equal(expected, requested?.ToString());
        Assert.Equal(refused, refusal is not null);
    }

    [Fact]
    public async Task A_bad_agency_id_stops_the_start_and_a_good_one_is_used()
    {
        static async Task<Exception?> StartAsync(string agency)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Sdmx:AgencyId", agency)]);
            builder.AddIndicators(command: false);
            await using var app = builder.Build();
            try
            {
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                Assert.Equal(agency, app.Services.GetRequiredService<IOptions<SdmxOptions>>().Value.AgencyId);
                return null;
            }
            catch (OptionsValidationException ex)
            {
                return ex;
            }
        }
        Assert.Null(await StartAsync("GSO_VN"));
        foreach (var bad in new[] { "", "1GSO", "GSO.VN", "GSO VN", "GSO:VN" })
        {
            Assert.Equal("Sdmx:AgencyId must be an SDMX id: a letter, then letters, digits, '_' or '-' (at most 255), e.g. INDICATORS.",
                Assert.IsType<OptionsValidationException>(await StartAsync(bad)).Message);
        }
    }
}

/// <summary>Reads an SDMX-JSON data message back into observations, as a consumer would: each observation's key
/// indexes the dimensions' values; its array is the figure, then the OBS_STATUS and UNIT_MEASURE value indexes.</summary>
public static class SdmxJson
{
    public static List<(string[] Key, decimal Value, string? Status, string? Unit)> Decode(JsonElement message)
    {
        var structure = message.GetProperty("data").GetProperty("structures")[0];
        var dimensions = structure.GetProperty("dimensions").GetProperty("observation").EnumerateArray()
            .OrderBy(d => d.GetProperty("keyPosition").GetInt32())
            .Select(d => d.GetProperty("values").EnumerateArray()
                .Select(v => v.TryGetProperty("id", out var id) ? id.GetString()! : v.GetProperty("value").GetString()!).ToList())
            .ToList();
        var attributes = structure.GetProperty("attributes").GetProperty("observation").EnumerateArray()
            .Select(a => a.TryGetProperty("values", out var values) ? values.EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList() : [])
            .ToList();
        var result = new List<(string[], decimal, string?, string?)>();
        foreach (var o in message.GetProperty("data").GetProperty("dataSets")[0].GetProperty("observations").EnumerateObject())
        {
            var key = o.Name.Split(':').Select((index, d) => dimensions[d][int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)]).ToArray();
            var array = o.Value.EnumerateArray().ToList();
            string? Attribute(int i) => array[i + 1].ValueKind == JsonValueKind.Null ? null : attributes[i][array[i + 1].GetInt32()];
            result.Add((key, array[0].GetDecimal(), Attribute(0), Attribute(1)));
        }
        return result;
    }
}
