using Indicators.Tests.Support;
using System.Net;

namespace Indicators.Tests.Features.Indicators.Put;

public sealed class IndicatorPutTestsOnSqlite(SqliteApi api) : IndicatorPutTests(api), IClassFixture<SqliteApi>;

public sealed class IndicatorPutTestsOnSqlServer(SqlServerApi api) : IndicatorPutTests(api), IClassFixture<SqlServerApi>;

/// <summary>PUT /api/v1/indicators/{code}: create with exact limits, validation, malformed JSON.</summary>
public abstract class IndicatorPutTests(ApiFixture api)
{
    [Fact]
    public async Task An_admin_creates_an_indicator_with_exact_decimal_limits()
    {
        var admin = api.Client("admin");
        var body = new
        {
            name = new { vi = "Tỷ lệ hộ nghèo", en = "Poverty rate" },
            unit = new { vi = "%", en = "%" },
            measure = "rate",
            direction = "decrease",
            decimals = 4,
            min = 0.0001m,
            max = 99999999999999.9999m,
            category = "social",
            responsibleUnit = "TQ-SKHDT",
        };
        var created = await admin.PutJsonAsync("/api/v1/indicators/POVERTY_RATE_T", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await (await api.Client("reader").GetAsync("/api/v1/indicators/POVERTY_RATE_T", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("0.0001", read.GetProperty("min").GetRawText());
        Assert.Equal("99999999999999.9999", read.GetProperty("max").GetRawText());
        Assert.Equal("decrease", read.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Refuses_bad_indicators_naming_every_field_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var admin = api.Client("admin");
        await (await admin.PutJsonAsync("/api/v1/indicators/lower", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x" }, measure = "average", direction = "up", decimals = 5, min = 10, max = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code", "unit.en", "measure", "direction", "decimals", "max");
        await (await admin.PutJsonAsync("/api/v1/indicators/X_ONE", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x", en = "x" }, measure = "flow", direction = "increase", decimals = 0, responsibleUnit = "TQ-SD" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "responsibleUnit");
        await (await admin.PutJsonAsync("/api/v1/indicators/X_ONE", new { name = new { vi = "a", en = "b" }, unit = new { vi = "x", en = "x" }, measure = "flow", direction = "increase", decimals = 0, min = 0.5 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "min");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Refuses_malformed_json_unknown_fields_and_numbers_beyond_range()
    {
        var before = await api.SnapshotAsync();
        var admin = api.Client("admin");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"name\": "), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"nmae\": {}}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "nmae");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"min\": 1e400}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "min");
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", Http.Json("{\"decimals\": 1, \"decimals\": 2}"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync("/api/v1/indicators/X_TWO", new StringContent("decimals=1", System.Text.Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
