using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Reports.PlanVsActual;

public sealed class PlanVsActualTestsOnSqlite(SqliteApi api) : PlanVsActualTests(api), IClassFixture<SqliteApi>;

public sealed class PlanVsActualTestsOnSqlServer(SqlServerApi api) : PlanVsActualTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The rules of SPEC "Plan-versus-actual rules" through GET /api/v1/plan-vs-actual, on data each test makes for itself:
/// its own indicators, and its own province with two districts so that rollups do not meet other tests' data.
/// </summary>
public abstract class PlanVsActualTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly string[] RowFields =
    [
        "indicator", "orgUnit", "indicatorName", "orgUnitName", "unit", "period", "actual", "actualStatus", "actualSource",
        "derivedFrom", "children", "target", "targetKind", "targetPeriod", "comparison", "percentOfTarget", "difference",
        "remaining", "elapsedPercent", "requiredMonthlyAverage", "previousYear", "changeFromPreviousYearPercent", "assessment",
    ];

    [Fact]
    public async Task Reproduces_the_source_documents_industrial_output_paragraph_from_the_seeded_data()
    {
        // "Giá trị sản xuất công nghiệp 6 tháng đầu năm đạt 7.966 tỷ đồng, bằng 44,2% kế hoạch, tăng 6% so với cùng kỳ năm 2019"
        var doc = await GetAsync("period=2020-S1&indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ");
        Assert.Equal("2020-S1", doc.GetProperty("period").GetString());
        Assert.Equal("plan", doc.GetProperty("targetKind").GetString());
        var row = Assert.Single(doc.GetProperty("rows").EnumerateArray());

        Assert.Equal("INDUSTRIAL_OUTPUT", row.GetProperty("indicator").GetString());
        Assert.Equal("TQ", row.GetProperty("orgUnit").GetString());
        Assert.Equal("Giá trị sản xuất công nghiệp", row.GetProperty("indicatorName").GetString());
        Assert.Equal("Tỉnh Tuyên Quang", row.GetProperty("orgUnitName").GetString());
        Assert.Equal("tỷ đồng", row.GetProperty("unit").GetString());
        Assert.Equal(7966m, row.GetProperty("actual").GetDecimal());
        Assert.Equal("estimate", row.GetProperty("actualStatus").GetString());
        Assert.Equal("reported", row.GetProperty("actualSource").GetString());
        Assert.Empty(Strings(row.GetProperty("derivedFrom")));
        // Only Sơn Dương reported among the city and six districts.
        Assert.Equal(1, row.GetProperty("children").GetProperty("reported").GetInt32());
        Assert.Equal(7, row.GetProperty("children").GetProperty("expected").GetInt32());
        Assert.Equal(2700m, row.GetProperty("children").GetProperty("total").GetDecimal());
        Assert.Equal(18029m, row.GetProperty("target").GetDecimal());
        Assert.Equal("plan", row.GetProperty("targetKind").GetString());
        Assert.Equal("2020", row.GetProperty("targetPeriod").GetString());
        Assert.Equal("atLeast", row.GetProperty("comparison").GetString());
        Assert.Equal(44.18m, row.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal(-10063m, row.GetProperty("difference").GetDecimal());
        Assert.Equal(10063m, row.GetProperty("remaining").GetDecimal());
        Assert.Equal(50m, row.GetProperty("elapsedPercent").GetDecimal());
        Assert.Equal(1677.2m, row.GetProperty("requiredMonthlyAverage").GetDecimal());
        Assert.Equal(7515m, row.GetProperty("previousYear").GetDecimal());
        Assert.Equal(6.00m, row.GetProperty("changeFromPreviousYearPercent").GetDecimal());
        Assert.Equal("behind", row.GetProperty("assessment").GetString());
    }

    [Theory]
    [InlineData("RETAIL_SALES", "10267", "36150", "28.40", "10095", "1.70")]
    [InlineData("EXPORT_VALUE", "42", "135.5", "31.00", "40", "5.00")]
    [InlineData("TOURIST_ARRIVALS", "549500", "2043500", "26.89", "1248900", "-56.00")]
    [InlineData("BUDGET_REVENUE", "961.1", "2310", "41.61", null, null)]
    public async Task Reproduces_the_other_figures_of_the_source_documents_summary(
        string indicator, string actual, string target, string percent, string? previousYear, string? change)
    {
        var row = Row(await GetAsync($"period=2020-S1&indicator={indicator}&orgUnit=TQ"), indicator, "TQ");
        Assert.Equal(decimal.Parse(actual, CultureInfo.InvariantCulture), row.GetProperty("actual").GetDecimal());
        Assert.Equal(decimal.Parse(target, CultureInfo.InvariantCulture), row.GetProperty("target").GetDecimal());
        Assert.Equal(decimal.Parse(percent, CultureInfo.InvariantCulture), row.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal(previousYear is null ? null : decimal.Parse(previousYear, CultureInfo.InvariantCulture), Number(row, "previousYear"));
        Assert.Equal(change is null ? null : decimal.Parse(change, CultureInfo.InvariantCulture), Number(row, "changeFromPreviousYearPercent"));
        Assert.Equal("behind", row.GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task Compares_with_the_term_resolution_and_the_disbursement_commitment_of_the_source_document()
    {
        var resolution = Row(await GetAsync("period=2020-S1&indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&targetKind=resolution"), "INDUSTRIAL_OUTPUT", "TQ");
        Assert.Equal(17600m, resolution.GetProperty("target").GetDecimal());
        Assert.Equal("resolution", resolution.GetProperty("targetKind").GetString());
        Assert.Equal(45.26m, resolution.GetProperty("percentOfTarget").GetDecimal());

        // "phấn đấu đến hết quý 3/2020, tỷ lệ giải ngân vốn đầu tư công đạt 60%": a target for exactly 2020-M01..M09.
        var nineMonths = Row(await GetAsync("period=2020-M01..M09&indicator=PUBLIC_INVESTMENT_DISBURSEMENT&orgUnit=TQ&targetKind=commitment"), "PUBLIC_INVESTMENT_DISBURSEMENT", "TQ");
        Assert.Equal(60m, nineMonths.GetProperty("target").GetDecimal());
        Assert.Equal("2020-M01..M09", nineMonths.GetProperty("targetPeriod").GetString());
        Assert.Equal("2020-M01..M09", nineMonths.GetProperty("period").GetString());
        Assert.Equal(100m, nineMonths.GetProperty("elapsedPercent").GetDecimal());
        Assert.Equal("no-data", nineMonths.GetProperty("assessment").GetString());
        // "hết năm 2020 đạt trên 90%": any other period falls back to the year's commitment.
        var half = Row(await GetAsync("period=2020-S1&indicator=PUBLIC_INVESTMENT_DISBURSEMENT&orgUnit=TQ&targetKind=commitment"), "PUBLIC_INVESTMENT_DISBURSEMENT", "TQ");
        Assert.Equal(90m, half.GetProperty("target").GetDecimal());
        Assert.Equal("2020", half.GetProperty("targetPeriod").GetString());
    }

    [Fact]
    public async Task Lists_the_province_then_its_districts_and_city_with_children_true()
    {
        var doc = await GetAsync("period=2020-S1&indicator=INDUSTRIAL_OUTPUT,RETAIL_SALES&orgUnit=TQ&children=true&lang=en");
        var rows = doc.GetProperty("rows").EnumerateArray().ToList();
        string[] units = ["TQ", "TQ-CH", "TQ-HY", "TQ-LB", "TQ-NH", "TQ-SD", "TQ-TP", "TQ-YS"];
        Assert.Equal(units.Select(u => ("INDUSTRIAL_OUTPUT", u)).Concat(units.Select(u => ("RETAIL_SALES", u))),
            rows.Select(r => (r.GetProperty("indicator").GetString()!, r.GetProperty("orgUnit").GetString()!)));
        var sonDuong = Row(doc, "RETAIL_SALES", "TQ-SD");
        Assert.Equal("Son Duong District", sonDuong.GetProperty("orgUnitName").GetString());
        Assert.Equal("billion VND", sonDuong.GetProperty("unit").GetString());
        Assert.Equal(2100m, sonDuong.GetProperty("actual").GetDecimal());
        Assert.Equal(JsonValueKind.Null, sonDuong.GetProperty("target").ValueKind);
        Assert.Equal("no-target", sonDuong.GetProperty("assessment").GetString());
        Assert.Equal("no-data", Row(doc, "RETAIL_SALES", "TQ-HY").GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task Derives_a_half_year_from_its_two_quarters_with_the_weakest_status()
    {
        await Given.ProvinceAsync(api, "PV1");
        await Given.IndicatorAsync(api, "PV_QUARTERS", "flow");
        await Given.ValuesAsync(api, ("PV_QUARTERS", "PV1", "2020-Q1", 100m, "official"), ("PV_QUARTERS", "PV1", "2020-Q2", 150.5m, "estimate"));

        var row = Row(await GetAsync("period=2020-S1&indicator=PV_QUARTERS&orgUnit=PV1"), "PV_QUARTERS", "PV1");

        Assert.Equal(250.5m, row.GetProperty("actual").GetDecimal());
        Assert.Equal("derived", row.GetProperty("actualSource").GetString());
        Assert.Equal("estimate", row.GetProperty("actualStatus").GetString());
        Assert.Equal(["2020-Q1", "2020-Q2"], Strings(row.GetProperty("derivedFrom")));
    }

    [Fact]
    public async Task Derives_a_nine_month_cumulative_from_the_fewest_stored_pieces()
    {
        await Given.ProvinceAsync(api, "PV2");
        await Given.IndicatorAsync(api, "PV_MONTHS", "flow", decimals: 0);
        await Given.ValuesAsync(api, Enumerable.Range(1, 9).Select(m => ("PV_MONTHS", "PV2", $"2020-M{m:D2}", 10m * m, "official")).ToArray());

        var months = Row(await GetAsync("period=2020-M01..M09&indicator=PV_MONTHS&orgUnit=PV2"), "PV_MONTHS", "PV2");
        Assert.Equal(450m, months.GetProperty("actual").GetDecimal());
        Assert.Equal("2020-M01..M09", months.GetProperty("period").GetString());
        Assert.Equal(Enumerable.Range(1, 9).Select(m => $"2020-M{m:D2}"), Strings(months.GetProperty("derivedFrom")));

        // With the first half stored as well, four pieces beat nine.
        await Given.ValuesAsync(api, ("PV_MONTHS", "PV2", "2020-S1", 200m, "preliminary"));
        var fewest = Row(await GetAsync("period=2020-M01..M09&indicator=PV_MONTHS&orgUnit=PV2"), "PV_MONTHS", "PV2");
        Assert.Equal(440m, fewest.GetProperty("actual").GetDecimal());
        Assert.Equal(["2020-S1", "2020-M07", "2020-M08", "2020-M09"], Strings(fewest.GetProperty("derivedFrom")));
        Assert.Equal("preliminary", fewest.GetProperty("actualStatus").GetString());
    }

    [Fact]
    public async Task A_stock_takes_the_value_of_its_last_sub_period()
    {
        await Given.ProvinceAsync(api, "PV3");
        await Given.IndicatorAsync(api, "PV_STOCK", "stock", decimals: 0);
        await Given.ValuesAsync(api, ("PV_STOCK", "PV3", "2020-Q1", 500m, "official"), ("PV_STOCK", "PV3", "2020-Q2", 520m, "official"));

        var half = Row(await GetAsync("period=2020-S1&indicator=PV_STOCK&orgUnit=PV3"), "PV_STOCK", "PV3");
        Assert.Equal(520m, half.GetProperty("actual").GetDecimal());
        Assert.Equal("derived", half.GetProperty("actualSource").GetString());
        Assert.Equal(["2020-Q2"], Strings(half.GetProperty("derivedFrom")));

        // June's level is the second quarter's, a stored period that starts before the requested month.
        var june = Row(await GetAsync("period=2020-M06&indicator=PV_STOCK&orgUnit=PV3"), "PV_STOCK", "PV3");
        Assert.Equal(520m, june.GetProperty("actual").GetDecimal());
        Assert.Equal(["2020-Q2"], Strings(june.GetProperty("derivedFrom")));

        // Nothing is stored for a period ending in December: a stock is never summed to fill it.
        var year = Row(await GetAsync("period=2020&indicator=PV_STOCK&orgUnit=PV3"), "PV_STOCK", "PV3");
        Assert.Equal(JsonValueKind.Null, year.GetProperty("actual").ValueKind);
        Assert.Equal("no-data", year.GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task A_rate_is_never_summed_over_time_or_over_children()
    {
        await Given.ProvinceAsync(api, "PV4");
        await Given.IndicatorAsync(api, "PV_RATE", "rate", decimals: 2);
        await Given.ValuesAsync(api,
            ("PV_RATE", "PV4", "2020-Q1", 5m, "official"), ("PV_RATE", "PV4", "2020-Q2", 7m, "official"),
            ("PV_RATE", "PV4-A", "2020-S1", 3m, "official"), ("PV_RATE", "PV4-B", "2020-S1", 4m, "official"));

        var row = Row(await GetAsync("period=2020-S1&indicator=PV_RATE&orgUnit=PV4"), "PV_RATE", "PV4");

        Assert.Equal(JsonValueKind.Null, row.GetProperty("actual").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("actualSource").ValueKind);
        Assert.Empty(Strings(row.GetProperty("derivedFrom")));
        var children = row.GetProperty("children");
        Assert.Equal(2, children.GetProperty("reported").GetInt32());
        Assert.Equal(2, children.GetProperty("expected").GetInt32());
        Assert.Equal(JsonValueKind.Null, children.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task Rolls_children_up_only_when_every_child_has_an_actual_and_shows_the_coverage()
    {
        await Given.ProvinceAsync(api, "PV5");
        await Given.IndicatorAsync(api, "PV_ROLLUP", "flow");
        await Given.ValuesAsync(api, ("PV_ROLLUP", "PV5-A", "2020-S1", 100m, "official"));

        var partial = await GetAsync("period=2020-S1&indicator=PV_ROLLUP&orgUnit=PV5&children=true");
        Assert.Equal(["PV5", "PV5-A", "PV5-B"], partial.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("orgUnit").GetString()));
        var province = Row(partial, "PV_ROLLUP", "PV5");
        Assert.Equal(JsonValueKind.Null, province.GetProperty("actual").ValueKind);
        Assert.Equal("no-data", province.GetProperty("assessment").GetString());
        Assert.Equal(1, province.GetProperty("children").GetProperty("reported").GetInt32());
        Assert.Equal(2, province.GetProperty("children").GetProperty("expected").GetInt32());
        Assert.Equal(100m, province.GetProperty("children").GetProperty("total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, Row(partial, "PV_ROLLUP", "PV5-A").GetProperty("children").ValueKind);
        Assert.Equal(JsonValueKind.Null, Row(partial, "PV_ROLLUP", "PV5-B").GetProperty("actual").ValueKind);

        // The second district's half derives from its quarters; then the province is their sum.
        await Given.ValuesAsync(api, ("PV_ROLLUP", "PV5-B", "2020-Q1", 20m, "estimate"), ("PV_ROLLUP", "PV5-B", "2020-Q2", 30.5m, "official"));
        var complete = Row(await GetAsync("period=2020-S1&indicator=PV_ROLLUP&orgUnit=PV5"), "PV_ROLLUP", "PV5");
        Assert.Equal(150.5m, complete.GetProperty("actual").GetDecimal());
        Assert.Equal("children", complete.GetProperty("actualSource").GetString());
        Assert.Equal("estimate", complete.GetProperty("actualStatus").GetString());
        Assert.Empty(Strings(complete.GetProperty("derivedFrom")));
        Assert.Equal(2, complete.GetProperty("children").GetProperty("reported").GetInt32());
        Assert.Equal(150.5m, complete.GetProperty("children").GetProperty("total").GetDecimal());

        // The province's own report wins over its children's sum.
        await Given.ValuesAsync(api, ("PV_ROLLUP", "PV5", "2020-S1", 160m, "official"));
        var own = Row(await GetAsync("period=2020-S1&indicator=PV_ROLLUP&orgUnit=PV5"), "PV_ROLLUP", "PV5");
        Assert.Equal(160m, own.GetProperty("actual").GetDecimal());
        Assert.Equal("reported", own.GetProperty("actualSource").GetString());
        Assert.Equal(150.5m, own.GetProperty("children").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Prefers_a_target_for_exactly_the_period_over_the_annual_one()
    {
        await Given.ProvinceAsync(api, "PV6");
        await Given.IndicatorAsync(api, "PV_TARGETS", "flow", decimals: 0);
        await Given.ValuesAsync(api, ("PV_TARGETS", "PV6", "2020-Q1", 300m, "official"), ("PV_TARGETS", "PV6", "2020-Q2", 100m, "official"));
        await Given.TargetsAsync(api,
            ("PV_TARGETS", "PV6", "2020", "plan", 1000m, "atLeast"), ("PV_TARGETS", "PV6", "2020-S1", "plan", 500m, "atLeast"),
            ("PV_TARGETS", "PV6", "2020", "resolution", 900m, "atLeast"));

        var half = Row(await GetAsync("period=2020-S1&indicator=PV_TARGETS&orgUnit=PV6"), "PV_TARGETS", "PV6");
        Assert.Equal(500m, half.GetProperty("target").GetDecimal());
        Assert.Equal("2020-S1", half.GetProperty("targetPeriod").GetString());
        Assert.Equal(80m, half.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal(100m, half.GetProperty("remaining").GetDecimal());
        Assert.Equal(100m, half.GetProperty("elapsedPercent").GetDecimal());
        Assert.Equal(JsonValueKind.Null, half.GetProperty("requiredMonthlyAverage").ValueKind);
        Assert.Equal("behind", half.GetProperty("assessment").GetString());

        // No target for exactly Q1: the plan for the year, a quarter elapsed, ahead of time.
        var quarter = Row(await GetAsync("period=2020-Q1&indicator=PV_TARGETS&orgUnit=PV6"), "PV_TARGETS", "PV6");
        Assert.Equal(1000m, quarter.GetProperty("target").GetDecimal());
        Assert.Equal("2020", quarter.GetProperty("targetPeriod").GetString());
        Assert.Equal(30m, quarter.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal(25m, quarter.GetProperty("elapsedPercent").GetDecimal());
        Assert.Equal(-700m, quarter.GetProperty("difference").GetDecimal());
        Assert.Equal(78m, quarter.GetProperty("requiredMonthlyAverage").GetDecimal());
        Assert.Equal("on-track", quarter.GetProperty("assessment").GetString());

        var resolution = await GetAsync("period=2020-S1&indicator=PV_TARGETS&orgUnit=PV6&targetKind=resolution");
        Assert.Equal("resolution", resolution.GetProperty("targetKind").GetString());
        var row = Row(resolution, "PV_TARGETS", "PV6");
        Assert.Equal(900m, row.GetProperty("target").GetDecimal());
        Assert.Equal("resolution", row.GetProperty("targetKind").GetString());
        Assert.Equal("2020", row.GetProperty("targetPeriod").GetString());

        var none = Row(await GetAsync("period=2020-S1&indicator=PV_TARGETS&orgUnit=PV6&targetKind=commitment"), "PV_TARGETS", "PV6");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("target").ValueKind);
        Assert.Equal("commitment", none.GetProperty("targetKind").GetString());
        Assert.Equal("no-target", none.GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task Derives_the_previous_year_the_same_way_as_the_actual()
    {
        await Given.ProvinceAsync(api, "PV7");
        await Given.IndicatorAsync(api, "PV_PREVIOUS", "flow");
        await Given.ValuesAsync(api,
            ("PV_PREVIOUS", "PV7", "2019-Q1", 80m, "official"), ("PV_PREVIOUS", "PV7", "2019-Q2", 120m, "official"),
            ("PV_PREVIOUS", "PV7", "2020-S1", 250m, "estimate"),
            ("PV_PREVIOUS", "PV7-A", "2019-S1", 60m, "official"), ("PV_PREVIOUS", "PV7-B", "2019-M01..M06", 40m, "official"),
            ("PV_PREVIOUS", "PV7-A", "2020-S1", 66m, "official"), ("PV_PREVIOUS", "PV7-B", "2020-S1", 30m, "official"));

        var rows = await GetAsync("period=2020-S1&indicator=PV_PREVIOUS&orgUnit=PV7&children=true");
        var province = Row(rows, "PV_PREVIOUS", "PV7");
        Assert.Equal(200m, province.GetProperty("previousYear").GetDecimal());
        Assert.Equal(25m, province.GetProperty("changeFromPreviousYearPercent").GetDecimal());
        Assert.Equal(10m, Row(rows, "PV_PREVIOUS", "PV7-A").GetProperty("changeFromPreviousYearPercent").GetDecimal());
        Assert.Equal(-25m, Row(rows, "PV_PREVIOUS", "PV7-B").GetProperty("changeFromPreviousYearPercent").GetDecimal());

        // Without the province's own 2019 figures, its previous year is its children's sum.
        var other = "PV_PREVIOUS2";
        await Given.IndicatorAsync(api, other, "flow");
        await Given.ValuesAsync(api,
            (other, "PV7-A", "2019-S1", 60m, "official"), (other, "PV7-B", "2019-S1", 40m, "official"), (other, "PV7", "2020-S1", 110m, "official"));
        var fromChildren = Row(await GetAsync($"period=2020-S1&indicator={other}&orgUnit=PV7"), other, "PV7");
        Assert.Equal(100m, fromChildren.GetProperty("previousYear").GetDecimal());
        Assert.Equal(10m, fromChildren.GetProperty("changeFromPreviousYearPercent").GetDecimal());
    }

    [Fact]
    public async Task An_at_most_target_of_a_decrease_indicator_caps_the_actual()
    {
        await Given.ProvinceAsync(api, "PV8");
        await Given.IndicatorAsync(api, "PV_ACCIDENTS", "flow", direction: "decrease", decimals: 0);
        await Given.TargetsAsync(api, ("PV_ACCIDENTS", "PV8", "2020", "plan", 100m, "atMost"));
        await Given.ValuesAsync(api, ("PV_ACCIDENTS", "PV8", "2020-S1", 40m, "official"), ("PV_ACCIDENTS", "PV8", "2020-Q3", 30m, "official"), ("PV_ACCIDENTS", "PV8", "2020-Q4", 20m, "official"));

        var half = Row(await GetAsync("period=2020-S1&indicator=PV_ACCIDENTS&orgUnit=PV8"), "PV_ACCIDENTS", "PV8");
        Assert.Equal("atMost", half.GetProperty("comparison").GetString());
        Assert.Equal(40m, half.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal(0m, half.GetProperty("remaining").GetDecimal());
        Assert.Equal("on-track", half.GetProperty("assessment").GetString());

        var nine = Row(await GetAsync("period=2020-M01..M09&indicator=PV_ACCIDENTS&orgUnit=PV8"), "PV_ACCIDENTS", "PV8");
        Assert.Equal(70m, nine.GetProperty("actual").GetDecimal());
        Assert.Equal(75m, nine.GetProperty("elapsedPercent").GetDecimal());
        Assert.Equal("on-track", nine.GetProperty("assessment").GetString());

        var year = Row(await GetAsync("period=2020&indicator=PV_ACCIDENTS&orgUnit=PV8"), "PV_ACCIDENTS", "PV8");
        Assert.Equal(90m, year.GetProperty("actual").GetDecimal());
        Assert.Equal("achieved", year.GetProperty("assessment").GetString());

        await Given.ValuesAsync(api, ("PV_ACCIDENTS", "PV8", "2020-Q4", 40m, "official"));
        var over = Row(await GetAsync("period=2020&indicator=PV_ACCIDENTS&orgUnit=PV8"), "PV_ACCIDENTS", "PV8");
        Assert.Equal(110m, over.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal("behind", over.GetProperty("assessment").GetString());
    }

    [Fact]
    public async Task Every_field_of_a_row_is_present_and_null_when_unknown()
    {
        await Given.ProvinceAsync(api, "PV9");
        await Given.IndicatorAsync(api, "PV_EMPTY", "flow");

        var doc = await GetAsync("period=2020-Q3&indicator=PV_EMPTY&orgUnit=PV9,PV9-A");
        Assert.Equal(["period", "targetKind", "rows"], doc.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2020-Q3", doc.GetProperty("period").GetString());
        Assert.Equal("plan", doc.GetProperty("targetKind").GetString());
        foreach (var row in doc.GetProperty("rows").EnumerateArray())
        {
            Assert.Equal(RowFields, row.EnumerateObject().Select(p => p.Name));
            foreach (var field in new[] { "actual", "actualStatus", "actualSource", "target", "targetPeriod", "comparison", "percentOfTarget", "difference", "remaining", "elapsedPercent", "requiredMonthlyAverage", "previousYear", "changeFromPreviousYearPercent" })
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty(field).ValueKind);
            }
            Assert.Equal(JsonValueKind.Array, row.GetProperty("derivedFrom").ValueKind);
            Assert.Equal("no-data", row.GetProperty("assessment").GetString());
        }
        var province = Row(doc, "PV_EMPTY", "PV9");
        Assert.Equal(0, province.GetProperty("children").GetProperty("reported").GetInt32());
        Assert.Equal(2, province.GetProperty("children").GetProperty("expected").GetInt32());
        Assert.Equal(JsonValueKind.Null, province.GetProperty("children").GetProperty("total").ValueKind);
        Assert.Equal(JsonValueKind.Null, Row(doc, "PV_EMPTY", "PV9-A").GetProperty("children").ValueKind);
    }

    [Fact]
    public async Task Names_follow_lang_then_accept_language_then_vietnamese()
    {
        await Given.ProvinceAsync(api, "PV10");
        await Given.IndicatorAsync(api, "PV_NAMES", "flow", nameVi: "Giá trị sản xuất thử", nameEn: "Test output");
        const string query = "period=2020-S1&indicator=PV_NAMES&orgUnit=PV10";

        var vi = Row(await GetAsync(query), "PV_NAMES", "PV10");
        Assert.Equal("Giá trị sản xuất thử", vi.GetProperty("indicatorName").GetString());
        Assert.Equal("Tỉnh Thử PV10", vi.GetProperty("orgUnitName").GetString());
        Assert.Equal("tỷ đồng", vi.GetProperty("unit").GetString());

        var en = Row(await GetAsync(query + "&lang=en"), "PV_NAMES", "PV10");
        Assert.Equal("Test output", en.GetProperty("indicatorName").GetString());
        Assert.Equal("Test Province PV10", en.GetProperty("orgUnitName").GetString());
        Assert.Equal("billion VND", en.GetProperty("unit").GetString());

        var client = api.Client("reader");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");
        var header = Row(await (await client.GetAsync("/api/v1/plan-vs-actual?" + query, Ct)).JsonAsync(), "PV_NAMES", "PV10");
        Assert.Equal("Test output", header.GetProperty("indicatorName").GetString());
        var overridden = Row(await (await client.GetAsync("/api/v1/plan-vs-actual?" + query + "&lang=vi", Ct)).JsonAsync(), "PV_NAMES", "PV10");
        Assert.Equal("Giá trị sản xuất thử", overridden.GetProperty("indicatorName").GetString());
    }

    [Fact]
    public async Task Answers_csv_with_one_row_per_json_row_and_vietnamese_intact()
    {
        await Given.ProvinceAsync(api, "PV11");
        await Given.IndicatorAsync(api, "PV_CSV", "flow", nameVi: "Doanh thu \"thử\", quý", nameEn: "Test, revenue");
        await Given.ValuesAsync(api, ("PV_CSV", "PV11-A", "2020-Q1", 10.5m, "official"), ("PV_CSV", "PV11-A", "2020-Q2", 2m, "official"), ("PV_CSV", "PV11-B", "2020-S1", 7m, "official"));
        await Given.TargetsAsync(api, ("PV_CSV", "PV11", "2020", "plan", 100m, "atLeast"));
        const string query = "period=2020-S1&indicator=PV_CSV&orgUnit=PV11&children=true";

        var json = await GetAsync(query);
        var response = await api.Client("reader").GetAsync("/api/v1/plan-vs-actual?" + query + "&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var csv = CsvText.Parse(System.Text.Encoding.UTF8.GetString(bytes));

        Assert.Equal(
            ["indicator", "orgUnit", "indicatorName", "orgUnitName", "unit", "period", "actual", "actualStatus", "actualSource", "derivedFrom",
             "children.reported", "children.expected", "children.total", "target", "targetKind", "targetPeriod", "comparison", "percentOfTarget",
             "difference", "remaining", "elapsedPercent", "requiredMonthlyAverage", "previousYear", "changeFromPreviousYearPercent", "assessment"],
            csv[0]);
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count + 1, csv.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var line = csv[0].Zip(csv[i + 1]).ToDictionary(p => p.First, p => p.Second);
            var row = rows[i];
            foreach (var field in RowFields.Except(["children", "derivedFrom"]))
            {
                var value = row.GetProperty(field);
                Assert.Equal(value.ValueKind == JsonValueKind.Null ? "" : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), line[field]);
            }
            Assert.Equal(string.Join(';', Strings(row.GetProperty("derivedFrom"))), line["derivedFrom"]);
        }
        var province = csv[0].Zip(csv[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("Doanh thu \"thử\", quý", province["indicatorName"]);
        Assert.Equal("Tỉnh Thử PV11", province["orgUnitName"]);
        Assert.Equal("19.5", province["actual"]);
        Assert.Equal(("2", "2", "19.5"), (province["children.reported"], province["children.expected"], province["children.total"]));
        var district = csv[0].Zip(csv[2]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("2020-Q1;2020-Q2", district["derivedFrom"]);
        Assert.Equal(("", "", ""), (district["children.reported"], district["children.expected"], district["children.total"]));

        // Accept: text/csv asks for the same bytes.
        var client = api.Client("reader");
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        Assert.Equal(bytes, await (await client.GetAsync("/api/v1/plan-vs-actual?" + query, Ct)).Content.ReadAsByteArrayAsync(Ct));

        // The qualities of the Accept header count: CSV refused (q=0) or less preferred than JSON answers JSON.
        var plain = api.Client("reader");
        plain.DefaultRequestHeaders.Accept.Clear();
        foreach (var (accept, expected) in new[]
        {
            ("text/csv;q=0", "application/json"),
            ("application/json, text/csv;q=0.5", "application/json"),
            ("*/*;q=0.9, text/csv;q=0.1", "application/json"),
            ("text/csv;q=0.9, application/json;q=0.5", "text/csv"),
            ("application/json, text/csv", "text/csv"),
            ("text/*", "application/json"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/plan-vs-actual?" + query);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var answer = await plain.SendAsync(request, Ct);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{accept}: {(int)answer.StatusCode}");
            Assert.Equal((accept, expected), (accept, answer.Content.Headers.ContentType!.MediaType));
        }
    }

    [Fact]
    public async Task Sorts_by_the_requested_keys_with_nulls_last_and_ties_in_the_default_order()
    {
        await Given.ProvinceAsync(api, "PV12");
        foreach (var code in new[] { "PV_SORT_A", "PV_SORT_B", "PV_SORT_C", "PV_SORT_D" })
        {
            await Given.IndicatorAsync(api, code, "flow", decimals: 0);
            await Given.TargetsAsync(api, (code, "PV12", "2020", "plan", 100m, "atLeast"));
        }
        await Given.ValuesAsync(api, ("PV_SORT_A", "PV12", "2020-S1", 30m, "official"), ("PV_SORT_B", "PV12", "2020-S1", 60m, "official"), ("PV_SORT_D", "PV12", "2020-S1", 30m, "official"));
        const string query = "period=2020-S1&indicator=PV_SORT_D,PV_SORT_C,PV_SORT_B,PV_SORT_A&orgUnit=PV12";

        Assert.Equal(["PV_SORT_D", "PV_SORT_C", "PV_SORT_B", "PV_SORT_A"], Indicators(await GetAsync(query)));
        Assert.Equal(["PV_SORT_B", "PV_SORT_D", "PV_SORT_A", "PV_SORT_C"], Indicators(await GetAsync(query + "&sort=-percentOfTarget")));
        Assert.Equal(["PV_SORT_D", "PV_SORT_A", "PV_SORT_B", "PV_SORT_C"], Indicators(await GetAsync(query + "&sort=percentOfTarget")));
        Assert.Equal(["PV_SORT_A", "PV_SORT_D", "PV_SORT_B", "PV_SORT_C"], Indicators(await GetAsync(query + "&sort=actual,indicator")));
        Assert.Equal(["PV_SORT_A", "PV_SORT_B", "PV_SORT_C", "PV_SORT_D"], Indicators(await GetAsync(query + "&sort=indicator")));
        Assert.Equal(["PV_SORT_D", "PV_SORT_C", "PV_SORT_B", "PV_SORT_A"], Indicators(await GetAsync(query + "&sort=-indicator")));

        static IEnumerable<string?> Indicators(JsonElement doc) => doc.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("indicator").GetString());
    }

    [Fact]
    public async Task Keeps_rows_for_units_outside_their_validity_and_expects_only_children_valid_during_the_period()
    {
        await Given.OrgUnitAsync(api, "PV13", "province", null, "Tỉnh Thử PV13", "Test Province PV13");
        await Given.OrgUnitAsync(api, "PV13-OLD", "district", "PV13", "Huyện Cũ", "Old District", validTo: "2020-06-30");
        await Given.OrgUnitAsync(api, "PV13-NEW", "district", "PV13", "Huyện Mới", "New District", validFrom: "2020-07-01");
        await Given.IndicatorAsync(api, "PV_VALIDITY", "flow", decimals: 0);
        await Given.ValuesAsync(api, ("PV_VALIDITY", "PV13-OLD", "2020-S1", 10m, "official"), ("PV_VALIDITY", "PV13-NEW", "2020-S2", 12m, "official"));

        var first = await GetAsync("period=2020-S1&indicator=PV_VALIDITY&orgUnit=PV13&children=true");
        Assert.Equal(["PV13", "PV13-OLD"], first.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("orgUnit").GetString()));
        Assert.Equal(10m, Row(first, "PV_VALIDITY", "PV13").GetProperty("actual").GetDecimal());
        Assert.Equal("children", Row(first, "PV_VALIDITY", "PV13").GetProperty("actualSource").GetString());

        var second = await GetAsync("period=2020-S2&indicator=PV_VALIDITY&orgUnit=PV13&children=true");
        Assert.Equal(["PV13", "PV13-NEW"], second.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("orgUnit").GetString()));

        // Both existed during 2020, so both are expected; neither reported the whole year.
        var year = Row(await GetAsync("period=2020&indicator=PV_VALIDITY&orgUnit=PV13"), "PV_VALIDITY", "PV13");
        Assert.Equal(2, year.GetProperty("children").GetProperty("expected").GetInt32());
        Assert.Equal(0, year.GetProperty("children").GetProperty("reported").GetInt32());

        // A unit asked for by code keeps its row outside its validity: history stays readable.
        var gone = await GetAsync("period=2021-S1&indicator=PV_VALIDITY&orgUnit=PV13-OLD");
        Assert.Equal("no-data", Row(gone, "PV_VALIDITY", "PV13-OLD").GetProperty("assessment").GetString());
        var history = Row(await GetAsync("period=2020-S1&indicator=PV_VALIDITY&orgUnit=PV13-OLD"), "PV_VALIDITY", "PV13-OLD");
        Assert.Equal(10m, history.GetProperty("actual").GetDecimal());
    }

    [Fact]
    public async Task Defaults_to_every_indicator_for_each_province()
    {
        var reader = api.Client("reader");
        var indicators = await (await reader.GetAsync("/api/v1/indicators?pageSize=1000", Ct)).JsonAsync();
        var provinces = await (await reader.GetAsync("/api/v1/org-units?kind=province&pageSize=1000", Ct)).JsonAsync();
        var doc = await GetAsync("period=2020-S1");

        var expected = indicators.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString())
            .SelectMany(i => provinces.GetProperty("items").EnumerateArray()
                .Where(p => p.GetProperty("parent").ValueKind == JsonValueKind.Null)
                .Select(p => (i, p.GetProperty("code").GetString())))
            .ToList();
        var actual = doc.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("indicator").GetString(), r.GetProperty("orgUnit").GetString())).ToList();
        Assert.Equal(expected, actual);
        Assert.Contains(("INDUSTRIAL_OUTPUT", "TQ"), actual);
    }

    [Fact]
    public async Task Refuses_bad_parameters_with_problems_naming_the_field_and_the_code()
    {
        var reader = api.Client("reader");
        async Task<JsonElement> Bad(string query, string key) =>
            await (await reader.GetAsync("/api/v1/plan-vs-actual?" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, key);

        var missing = await Bad("indicator=INDUSTRIAL_OUTPUT", "period");
        Assert.Contains("period code is required", missing.GetProperty("errors").GetProperty("period")[0].GetString());
        var quarter = await Bad("period=2020-Q5", "period");
        Assert.Equal("'2020-Q5' is not a period code: quarters are Q1 to Q4.", quarter.GetProperty("errors").GetProperty("period")[0].GetString());
        var unknown = await Bad("period=2020-S1&indicator=INDUSTRIAL_OUTPUT,NOPE_ONE,NOPE_TWO&orgUnit=TQ,XX", "indicator");
        var messages = unknown.GetProperty("errors").GetProperty("indicator").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains("NOPE_ONE", messages[0]);
        Assert.Contains("NOPE_TWO", messages[1]);
        Assert.Contains("XX", unknown.GetProperty("errors").GetProperty("orgUnit")[0].GetString());
        await Bad("period=2020-S1&targetKind=budget", "targetKind");
        var sort = await Bad("period=2020-S1&sort=-percent", "sort");
        Assert.Contains("'percent'", sort.GetProperty("errors").GetProperty("sort")[0].GetString());
        await Bad("period=2020-S1&lang=fr", "lang");
        await Bad("period=2020-S1&format=xml", "format");
        await Bad("period=2020-S1&children=maybe", "children");
        await (await api.Client().GetAsync("/api/v1/plan-vs-actual?period=2020-S1", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Answers_304_when_the_report_has_not_changed_and_200_once_it_has()
    {
        await Given.ProvinceAsync(api, "PV14");
        await Given.IndicatorAsync(api, "PV_ETAG", "flow");
        await Given.ValuesAsync(api, ("PV_ETAG", "PV14", "2020-S1", 1m, "official"));
        const string url = "/api/v1/plan-vs-actual?period=2020-S1&indicator=PV_ETAG&orgUnit=PV14";
        var client = api.Client("reader");
        var first = await client.GetAsync(url, Ct);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag!);
        var notModified = await client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("", await notModified.Content.ReadAsStringAsync(Ct));

        await Given.ValuesAsync(api, ("PV_ETAG", "PV14", "2020-S1", 2m, "official"));
        var changed = new HttpRequestMessage(HttpMethod.Get, url);
        changed.Headers.IfNoneMatch.Add(tag!);
        var fresh = await client.SendAsync(changed, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(tag, fresh.Headers.ETag);
        Assert.Equal(2m, Row(await fresh.JsonAsync(), "PV_ETAG", "PV14").GetProperty("actual").GetDecimal());
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var response = await api.Client("reader").GetAsync("/api/v1/plan-vs-actual?" + query, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Row(JsonElement doc, string indicator, string orgUnit) =>
        doc.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("indicator").GetString() == indicator && r.GetProperty("orgUnit").GetString() == orgUnit);

    private static decimal? Number(JsonElement row, string field) =>
        row.GetProperty(field).ValueKind == JsonValueKind.Null ? null : row.GetProperty(field).GetDecimal();

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
