using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Indicators.Tests.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

public sealed class SubmissionTestsOnSqlite(SqliteApi api) : SubmissionTests(api), IClassFixture<SqliteApi>;

public sealed class SubmissionTestsOnSqlServer(SqlServerApi api) : SubmissionTests(api), IClassFixture<SqlServerApi>;

public abstract class SubmissionTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Value(string indicator, string orgUnit, string period, decimal value, string status = "estimate", string? note = null) =>
        new { indicator, orgUnit, period, value, status, note };

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, params object[] values) =>
        client.PostAsJsonAsync("/api/v1/submissions", new { values }, Ct);

    private async Task<(decimal Value, string Status, string? Note, int Revision)?> CurrentAsync(string indicator, string orgUnit, string period)
    {
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(decimal, string, string?, int)>(
            "SELECT value, status, note, revision FROM actual_values WHERE indicator = @indicator AND org_unit = @orgUnit AND period = @period",
            new { indicator, orgUnit, period });
        return rows.Cast<(decimal, string, string?, int)?>().SingleOrDefault();
    }

    [Fact]
    public async Task A_district_submits_values_and_gets_a_receipt_it_can_read_back()
    {
        var sd = api.Client("sd");
        var response = await SubmitAsync(sd,
            Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q1", 1234.5m, note: "quý I"),
            Value("RETAIL_SALES", "TQ-SD", "2021-M01..m03", 800m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        var id = receipt.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/submissions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("values", receipt.GetProperty("kind").GetString());
        Assert.Equal(2, receipt.GetProperty("received").GetInt32());
        Assert.Equal(2, receipt.GetProperty("created").GetInt32());
        Assert.Equal(0, receipt.GetProperty("updated").GetInt32());
        Assert.Equal(0, receipt.GetProperty("unchanged").GetInt32());
        Assert.Equal((1234.5m, "estimate", "quý I", 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q1"));
        // The range M01..M03 is stored under its canonical code.
        Assert.Equal((800m, "estimate", null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2021-Q1"));

        var read = await sd.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var again = await read.JsonAsync();
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(2, again.GetProperty("created").GetInt32());
    }
}
