using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.OpenApi;

/// <summary>
/// The bodies that are not JSON are in the document as what they are (SPEC "Spreadsheets", "Exchange formats
/// (SDMX)"): a submission may be JSON, a CSV file or an xlsx file (binary, so Swagger UI offers a file picker); the
/// values and plan-vs-actual views answer CSV, SDMX-CSV and SDMX-JSON besides JSON, and 406 for another SDMX version.
/// </summary>
public sealed class MediaTypesDocumentTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private async Task<JsonObject> DocumentAsync()
    {
        var response = await api.Client().GetAsync(OpenApiSetup.DocumentPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    [Fact]
    public async Task A_submission_takes_JSON_a_CSV_file_or_an_xlsx_file()
    {
        var content = (await DocumentAsync())["paths"]!["/api/v1/submissions"]!["post"]!["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], content.Select(c => c.Key));
        Assert.Equal("#/components/schemas/SubmitValuesRequest", (string?)content["application/json"]!["schema"]!["$ref"]);
        foreach (var file in new[] { "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
        {
            Assert.Equal(("string", "binary"), ((string?)content[file]!["schema"]!["type"], (string?)content[file]!["schema"]!["format"]));
        }
    }

    [Fact]
    public async Task The_template_answers_an_xlsx_file_or_CSV_with_every_status_code()
    {
        var get = (await DocumentAsync())["paths"]!["/api/v1/reporting-status/template"]!["get"]!.AsObject();
        var responses = get["responses"]!.AsObject();
        Assert.Equal(["200", "304", "400", "401", "403", "404", "414", "429", "500", "503"], responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        var content = responses["200"]!["content"]!.AsObject();
        Assert.Equal(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"], content.Select(c => c.Key));
        // Both files: a client generator hands back a stream for either (GeneratedClientTests compiles one).
        foreach (var file in content)
        {
            Assert.Equal(("string", "binary"), ((string?)file.Value!["schema"]!["type"], (string?)file.Value!["schema"]!["format"]));
        }
        Assert.Equal("urn:indicators:problem:not-found", (string?)responses["404"]!["content"]!["application/problem+json"]!["example"]!["type"]);
        Assert.Equal(["schedule", "period", "orgUnit", "lang", "format"],
            get["parameters"]!.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string?)p!["name"]));
    }

    [Theory]
    [InlineData("/api/v1/values")]
    [InlineData("/api/v1/plan-vs-actual")]
    public async Task The_views_answer_JSON_CSV_SDMX_CSV_and_SDMX_JSON(string path)
    {
        var get = (await DocumentAsync())["paths"]![path]!["get"]!.AsObject();
        var content = get["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "text/csv", "application/vnd.sdmx.data+csv;version=2.0.0", "application/vnd.sdmx.data+json;version=2.0.0"],
            content.Select(c => c.Key));
        Assert.Equal("string", (string?)content["text/csv"]!["schema"]!["type"]);
        Assert.Equal("string", (string?)content["application/vnd.sdmx.data+csv;version=2.0.0"]!["schema"]!["type"]);
        Assert.Equal("object", (string?)content["application/vnd.sdmx.data+json;version=2.0.0"]!["schema"]!["type"]);
        Assert.Contains("sdmx-json-data-schema.json", (string?)content["application/vnd.sdmx.data+json;version=2.0.0"]!["schema"]!["description"]);
        Assert.Equal("urn:indicators:problem:not-acceptable",
            (string?)get["responses"]!["406"]!["content"]!["application/problem+json"]!["example"]!["type"]);
        Assert.Contains(get["parameters"]!.AsArray(), p => (string?)p!["name"] == "format" && ((string?)p["description"])!.Contains("sdmx-json"));
    }
}
