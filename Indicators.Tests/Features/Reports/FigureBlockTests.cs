using System.Globalization;
using System.Text.Json;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Reports;

public sealed class FigureBlockTestsOnSqlite(SqliteApi api) : FigureBlockTests(api), IClassFixture<SqliteApi>;

public sealed class FigureBlockTestsOnSqlServer(SqlServerApi api) : FigureBlockTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The views read a year of one unit's values as one row of text (Features/Reports/CurrentValues.sql): every decimal
/// must come back exactly as it was submitted, and every status and period with it.
/// </summary>
public abstract class FigureBlockTests(ApiFixture api)
{
    [Fact]
    public async Task Values_read_as_a_block_keep_every_decimal_status_and_period_exactly()
    {
        await Given.ProvinceAsync(api, "FB1");
        await Given.IndicatorAsync(api, "FB1_X", "flow", decimals: 4);
        await Given.ValuesAsync(api,
            ("FB1_X", "FB1-A", "2020-M01", 0.1m, "official"), ("FB1_X", "FB1-A", "2020-M02", 0.2m, "preliminary"),
            ("FB1_X", "FB1-A", "2020-M03", 99_999_999_999.9999m, "estimate"), ("FB1_X", "FB1-A", "2020-Q2", -0.0001m, "official"),
            ("FB1_X", "FB1-A", "2020-M07..M09", 1235.6m, "official"), ("FB1_X", "FB1-A", "2020-S2", 549500m, "preliminary"));
        var reader = api.Client("reader");

        async Task<JsonElement> RowAsync(string period)
        {
            using var response = await reader.GetAsync($"/api/v1/plan-vs-actual?period={period}&indicator=FB1_X&orgUnit=FB1-A", TestContext.Current.CancellationToken);
            return (await response.JsonAsync()).GetProperty("rows")[0];
        }

        static string Figure(JsonElement row) => row.GetProperty("actual").GetRawText() + " " + row.GetProperty("actualStatus").GetString() + " " + row.GetProperty("actualSource").GetString();

        Assert.Equal("0.1 official reported", Figure(await RowAsync("2020-M01")));
        // 0.1 + 0.2 is exactly 0.3 in decimal; the weakest status of the parts.
        Assert.Equal("0.3 preliminary derived", Figure(await RowAsync("2020-M01..M02")));
        Assert.Equal("99999999999.9999 estimate reported", Figure(await RowAsync("2020-M03")));
        Assert.Equal("-0.0001 official reported", Figure(await RowAsync("2020-Q2")));
        Assert.Equal("1235.6 official reported", Figure(await RowAsync("2020-M07..M09")));
        Assert.Equal("549500 preliminary reported", Figure(await RowAsync("2020-S2")));
        var half = await RowAsync("2020-S1");
        Assert.Equal(decimal.Parse("100000000000.2998", CultureInfo.InvariantCulture), half.GetProperty("actual").GetDecimal());
        Assert.Equal(["2020-M01", "2020-M02", "2020-M03", "2020-Q2"], half.GetProperty("derivedFrom").EnumerateArray().Select(p => p.GetString()));
    }
}
