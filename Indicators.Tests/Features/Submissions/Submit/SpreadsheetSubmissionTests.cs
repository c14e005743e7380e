using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Api.Kernel.Spreadsheets;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Submissions.Submit;

public sealed class SpreadsheetSubmissionTestsOnSqlite(SqliteApi api) : SpreadsheetSubmissionTests(api), IClassFixture<SqliteApi>;

public sealed class SpreadsheetSubmissionTestsOnSqlServer(SqlServerApi api) : SpreadsheetSubmissionTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// POST /api/v1/submissions with a CSV or xlsx body (SPEC "Spreadsheets"): the same batch as JSON, read from a sheet as
/// people keep it, and every refusal in the sheet's own terms (rows[N].column, the cell named). Each test writes its own
/// periods (TQ-SD's in 2023, the province's in other years) so that the tests of one fixture do not meet.
/// </summary>
public abstract class SpreadsheetSubmissionTests(ApiFixture api)
{
    private const string CsvType = "text/csv";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Header = ["indicator", "orgUnit", "period", "value", "status", "note"];

    private Task<HttpResponseMessage> PostAsync(string key, byte[] body, string contentType, string query = "", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions" + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return api.Client(key).SendAsync(request, Ct);
    }

    private Task<HttpResponseMessage> PostCsvAsync(string key, string csv, string query = "", string? idempotencyKey = null) =>
        PostAsync(key, Encoding.UTF8.GetBytes(csv), CsvType, query, idempotencyKey);

    private async Task<(decimal Value, string Status, string? Note, int Revision)?> CurrentAsync(string indicator, string orgUnit, string period)
    {
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(decimal, string, string?, int)>(
            "SELECT value, status, note, revision FROM actual_values WHERE indicator = @indicator AND org_unit = @orgUnit AND period = @period",
            new { indicator, orgUnit, period });
        return rows.Cast<(decimal, string, string?, int)?>().SingleOrDefault();
    }

    private static void AssertCounts(JsonElement receipt, int received, int created, int updated, int unchanged) =>
        Assert.Equal((received, created, updated, unchanged),
            (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("created").GetInt32(),
             receipt.GetProperty("updated").GetInt32(), receipt.GetProperty("unchanged").GetInt32()));

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());

    [Fact]
    public async Task A_CSV_with_a_BOM_quoted_fields_empty_rows_an_unknown_column_and_headers_in_any_case_is_stored_like_JSON()
    {
        var note = "Báo cáo \"nhanh\", quý I\r\ndòng 2";
        var csv = "\uFEFF" + Xlsx.Csv(',',
            ["INDICATOR", "OrgUnit", "Tên chỉ tiêu", "PERIOD", "value", "Status", "note"],
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "Giá trị sản xuất công nghiệp", "2023-Q1", "1234.5", "estimate", note],
            [null, null, null, null, null, null, null],
            [],
            ["RETAIL_SALES", "TQ-SD", "Bán lẻ", "2023-m01..m03", "-0.0", "preliminary", null],
            ["EXPORT_VALUE", "TQ-SD", "", "2023-Q1", "  12.25 ", "official", ""]);
        var response = await PostCsvAsync("sd", csv);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        AssertCounts(receipt, 3, 3, 0, 0);
        Assert.Equal($"/api/v1/submissions/{receipt.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal((1234.5m, "estimate", note, 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2023-Q1"));
        Assert.Equal((0m, "preliminary", null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2023-Q1"));
        Assert.Equal((12.25m, "official", null, 1), await CurrentAsync("EXPORT_VALUE", "TQ-SD", "2023-Q1"));

        // The same sheet again changes nothing: the same "unchanged" rule as JSON.
        AssertCounts(await (await PostCsvAsync("sd", csv)).JsonAsync(), 3, 0, 0, 3);
    }

    [Fact]
    public async Task A_semicolon_CSV_takes_the_decimal_comma_and_stores_the_exact_decimal()
    {
        var csv = Xlsx.Csv(';',
            Header,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M04", "1235,6", "estimate", "ghi chú; có dấu chấm phẩy"],
            ["EXPORT_VALUE", "TQ-SD", "2023-M04", "0,05", "estimate", null],
            ["RETAIL_SALES", "TQ-SD", "2023-M04", "99999999999999.9", "estimate", null]);
        Assert.Equal(HttpStatusCode.Created, (await PostCsvAsync("sd", csv)).StatusCode);

        Assert.Equal((1235.6m, "estimate", "ghi chú; có dấu chấm phẩy", 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M04"));
        Assert.Equal(0.05m, (await CurrentAsync("EXPORT_VALUE", "TQ-SD", "2023-M04"))!.Value.Value);
        Assert.Equal(99_999_999_999_999.9m, (await CurrentAsync("RETAIL_SALES", "TQ-SD", "2023-M04"))!.Value.Value);
        // What the API answers is the decimal as sent, not a double's nearest value.
        var values = await (await api.Client("reader").GetAsync("/api/v1/values?orgUnit=TQ-SD&period=2023-M04&indicator=INDUSTRIAL_OUTPUT", Ct)).JsonAsync();
        Assert.Equal("1235.6", values.GetProperty("items")[0].GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task A_comma_CSV_refuses_a_decimal_comma_thousands_separators_and_exponents_naming_each_cell()
    {
        var before = await api.SnapshotAsync();
        var csv = Xlsx.Csv(',',
            Header,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M05", "1235,6", "estimate", null],
            ["RETAIL_SALES", "TQ-SD", "2023-M05", "1.2E+3", "estimate", null],
            ["EXPORT_VALUE", "TQ-SD", "2023-M05", "44%", "estimate", null],
            ["BUDGET_REVENUE", "TQ-SD", "2023-M05", "", "estimate", null]);
        var problem = await (await PostCsvAsync("sd", csv)).AssertProblemAsync(HttpStatusCode.BadRequest,
            "rows[2].value", "rows[3].value", "rows[4].value", "rows[5].value");
        var errors = Errors(problem);
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("D2 holds", errors["rows[2].value"][0]);
        Assert.Contains("never a thousands separator", errors["rows[2].value"][0]);
        Assert.Contains("not with an exponent", errors["rows[3].value"][0]);
        Assert.Contains("without a % sign", errors["rows[4].value"][0]);
        Assert.Equal("D5 is empty: value is required, a number such as 1235.6.", errors["rows[5].value"][0]);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task An_xlsx_is_read_as_Excel_shows_it_15_significant_digits_text_numbers_and_numbers_in_text_columns()
    {
        var xlsx = Xlsx.Build(
        [
            ["Chỉ tiêu", "indicator", "orgUnit", "period", "value", "status", "note"],
            ["Giá trị SXCN", "INDUSTRIAL_OUTPUT", "TQ", "2017-S1", "#n:1235.5999999999999", "estimate", "=HYPERLINK(\"http://example.com\",\"x\")"],
            ["", "EXPORT_VALUE", "TQ", "2017-S1", "2700.25", "official", null],
            ["", "GRDP_GROWTH", "TQ", "#n:2017", "#n:-3.2500000000000004", "preliminary", "#n:42"],
            [null, null, null, null, null, null, null],
            ["", "TOURIST_ARRIVALS", "TQ", "2017-S1", "#n:1E-2", "estimate", null],
        ]);
        var response = await PostAsync("admin", xlsx, XlsxType, "?dryRun=true");
        // 0.01 has 2 decimals where TOURIST_ARRIVALS takes none: every other cell read as intended.
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "rows[6].value");
        Assert.Single(Errors(problem));
        Assert.StartsWith("E6: TOURIST_ARRIVALS takes at most 0 decimal places; 0.01 has 2.", Errors(problem)["rows[6].value"][0]);

        var fixedSheet = Xlsx.Build(
        [
            ["Chỉ tiêu", "indicator", "orgUnit", "period", "value", "status", "note"],
            ["Giá trị SXCN", "INDUSTRIAL_OUTPUT", "TQ", "2017-S1", "#n:1235.5999999999999", "estimate", "=HYPERLINK(\"http://example.com\",\"x\")"],
            ["", "EXPORT_VALUE", "TQ", "2017-S1", "2700.25", "official", null],
            ["", "GRDP_GROWTH", "TQ", "#n:2017", "#n:-3.2500000000000004", "preliminary", "#n:42"],
        ], new Xlsx.Options { SharedStrings = false });
        var created = await PostAsync("admin", fixedSheet, XlsxType);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        AssertCounts(await created.JsonAsync(), 3, 3, 0, 0);
        Assert.Equal((1235.6m, "estimate", "=HYPERLINK(\"http://example.com\",\"x\")", 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ", "2017-S1"));
        Assert.Equal((2700.25m, "official", null, 1), await CurrentAsync("EXPORT_VALUE", "TQ", "2017-S1"));
        Assert.Equal((-3.25m, "preliminary", "42", 1), await CurrentAsync("GRDP_GROWTH", "TQ", "2017"));
    }

    [Fact]
    public async Task Every_error_of_every_row_is_answered_at_once_keyed_by_row_naming_the_cell_and_nothing_is_stored()
    {
        var before = await api.SnapshotAsync();
        var xlsx = Xlsx.Build(
        [
            ["indicator", "orgUnit", "period", "value", "status", "note", "extra"],
            ["INDUSTRIAL_OUTPUT", "TQ", "2018-M01", "#n:100", "estimate", null, "ignored"],           // 2: valid
            ["industrial_output", "TQ", "2018-M02", "#f:SUM(D2:D2)|100", "estimate", null, null],  // 3: code case, formula
            ["INDUSTRIAL_OUTPUT", "TQ", "#d:43466", "#d:43831", "estimate", null, null],           // 4: dates
            ["INDUSTRIAL_OUTPUT", "TQ", "2018-Q5", "#p:0.4418", "final", null, null],               // 5: period, percent, status
            ["INDUSTRIAL_OUTPUT", "TQ", "2018-M06", "#b:1", "estimate", "#e:#N/A", null],           // 6: boolean, error
            ["INDUSTRIAL_OUTPUT", "TQ", "2018-m01..m01", "#n:1.25", "estimate", null, null],         // 7: repeats row 2, decimals
        ]);
        var problem = await (await PostAsync("admin", xlsx, XlsxType)).AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = Errors(problem);
        Assert.Equal(
            ["rows[3].indicator", "rows[3].value", "rows[4].period", "rows[4].value", "rows[5].period", "rows[5].value", "rows[5].status",
             "rows[6].value", "rows[6].note", "rows[7]", "rows[7].value"],
            errors.Keys);
        Assert.Equal("A3: There is no indicator 'industrial_output' (codes are case-sensitive).", errors["rows[3].indicator"][0]);
        Assert.StartsWith("D3 holds a formula: a batch stores figures, not formulas.", errors["rows[3].value"][0]);
        Assert.StartsWith("C4 holds a date (2019-01-01), not a period", errors["rows[4].period"][0]);
        Assert.StartsWith("D4 holds a date (2020-01-01), not a number", errors["rows[4].value"][0]);
        Assert.StartsWith("D5 is formatted as a percentage (it holds 0.4418", errors["rows[5].value"][0]);
        Assert.StartsWith("E5: status must be estimate, preliminary or official", errors["rows[5].status"][0]);
        Assert.Equal("D6 holds TRUE, a TRUE/FALSE value, not a number.", errors["rows[6].value"][0]);
        Assert.Equal("F6 holds the error #N/A, not a value.", errors["rows[6].note"][0]);
        Assert.Equal("Row 7: Repeats the key of row 2 (INDUSTRIAL_OUTPUT, TQ, 2018-M01): a key may appear once per batch.", errors["rows[7]"][0]);
        Assert.Equal("D7: INDUSTRIAL_OUTPUT takes at most 1 decimal place; 1.25 has 2.", errors["rows[7].value"][0]);
        Assert.Contains("11 fields are not valid", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Rights_are_judged_row_by_row_and_a_refusal_is_403_keyed_by_row_with_nothing_stored()
    {
        var before = await api.SnapshotAsync();
        var csv = Xlsx.Csv(',', Header,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M06", "1", "estimate", null],
            ["INDUSTRIAL_OUTPUT", "TQ-HY", "2023-M06", "1", "estimate", null],
            ["INDUSTRIAL_OUTPUT", "TQ", "2023-M06", "1", "estimate", null]);
        var problem = await (await PostCsvAsync("sd", csv)).AssertProblemAsync(HttpStatusCode.Forbidden, "rows[3].orgUnit", "rows[4].orgUnit");
        Assert.Equal(2, Errors(problem).Count);
        Assert.StartsWith("B3: ", Errors(problem)["rows[3].orgUnit"][0]);
        Assert.Contains("rows[3].orgUnit, rows[4].orgUnit", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_row_in_a_locked_period_is_409_keyed_by_row_and_nothing_is_stored()
    {
        var admin = api.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/locks/2023-M07", null, Ct)).StatusCode);
        try
        {
            var before = await api.SnapshotAsync();
            var csv = Xlsx.Csv(';', Header,
                ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M08", "1", "estimate", null],
                ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M07", "1", "estimate", null]);
            var problem = await (await PostCsvAsync("sd", csv)).AssertProblemAsync(HttpStatusCode.Conflict, "rows[3].period");
            Assert.Equal("urn:indicators:problem:period-locked", problem.GetProperty("type").GetString());
            Assert.StartsWith("C3: ", Errors(problem)["rows[3].period"][0]);
            Assert.Equal(before, await api.SnapshotAsync());
        }
        finally
        {
            await admin.DeleteAsync("/api/v1/locks/2023-M07", Ct);
        }
    }

    [Fact]
    public async Task A_dry_run_checks_a_sheet_and_writes_nothing()
    {
        var before = await api.SnapshotAsync();
        var csv = Xlsx.Csv(',', Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M09", "7", "estimate", null]);
        var response = await PostCsvAsync("sd", csv, "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.True(receipt.GetProperty("dryRun").GetBoolean());
        AssertCounts(receipt, 1, 1, 0, 0);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task An_Idempotency_Key_replays_the_same_sheet_and_refuses_another_sheet_with_the_same_key()
    {
        var sheet = Xlsx.Build([Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M10", "#n:8", "estimate", null]]);
        var first = await PostAsync("sd", sheet, XlsxType, idempotencyKey: "sheet-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await api.SnapshotAsync();

        var replay = await PostAsync("sd", sheet, XlsxType, idempotencyKey: "sheet-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await replay.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await api.SnapshotAsync());

        var other = Xlsx.Build([Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M10", "#n:9", "estimate", null]]);
        await (await PostAsync("sd", other, XlsxType, idempotencyKey: "sheet-1")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal((8m, "estimate", null, 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M10"));
    }

    [Fact]
    public async Task A_sheet_without_the_required_columns_or_without_data_rows_is_refused()
    {
        var before = await api.SnapshotAsync();
        var missing = await (await PostCsvAsync("sd", "indicator,orgUnit,period,amount,status\r\nINDUSTRIAL_OUTPUT,TQ-SD,2023-M11,1,estimate\r\n"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "rows[1]");
        Assert.Contains("no column value", Errors(missing)["rows[1]"][0]);
        var twice = await (await PostCsvAsync("sd", "indicator,orgUnit,period,value,Value,status\r\n"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "rows[1]");
        Assert.Equal("Row 1 names the column value twice (D1 and E1); name each column once.", Errors(twice)["rows[1]"][0]);
        await (await PostCsvAsync("sd", "indicator,orgUnit,period,value,status\r\n\r\n,,,,\r\n")).AssertProblemAsync(HttpStatusCode.BadRequest, "rows");
        await (await PostAsync("sd", Xlsx.Build([[null], Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M11", "#n:1", "estimate"]],
            new Xlsx.Options { RowNumbers = [2, 3, 4] }), XlsxType)).AssertProblemAsync(HttpStatusCode.BadRequest, "rows[1]");
        await (await PostAsync("sd", [], XlsxType)).AssertProblemAsync(HttpStatusCode.BadRequest, "request");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    /// <summary>
    /// A template row left as downloaded — no value, status or note — is not an item (README "Submitting a spreadsheet"):
    /// the same in CSV and xlsx. Errors still name the rows as the sheet numbers them.
    /// </summary>
    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Rows_without_a_value_a_status_or_a_note_are_skipped_and_rows_with_only_a_status_or_a_note_are_refused(string format)
    {
        var period = format == "csv" ? "2022-M01" : "2022-M02";
        byte[] Sheet(params string?[][] rows) => format == "csv"
            ? Encoding.UTF8.GetBytes(Xlsx.Csv(',', [["indicator", "indicatorName", "orgUnit", "period", "value", "status", "note"], .. rows]))
            : Xlsx.Build([["indicator", "indicatorName", "orgUnit", "period", "value", "status", "note"], .. rows.Select(r => r.Select((c, i) => i == 4 && c is { Length: > 0 } ? "#n:" + c : c).ToArray())]);
        var type = format == "csv" ? CsvType : XlsxType;

        // A template filled in halfway: two of four rows sent, the blank ones (one with its cells present but empty) skipped.
        var response = await PostAsync("sd", Sheet(
            ["INDUSTRIAL_OUTPUT", "Giá trị sản xuất công nghiệp", "TQ-SD", period, null, null, null],
            ["RETAIL_SALES", "Tổng mức bán lẻ", "TQ-SD", period, "812.5", "estimate", null],
            ["EXPORT_VALUE", "Kim ngạch xuất khẩu", "TQ-SD", period, "", "", ""],
            ["BUDGET_REVENUE", "Thu ngân sách", "TQ-SD", period, "3.5", "preliminary", "ước"]), type);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertCounts(await response.JsonAsync(), 2, 2, 0, 0);
        Assert.Null(await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", period));
        Assert.Equal((812.5m, "estimate", null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", period));
        Assert.Equal((3.5m, "preliminary", "ước", 1), await CurrentAsync("BUDGET_REVENUE", "TQ-SD", period));

        var before = await api.SnapshotAsync();
        // A status or a note without a value says something: refused, keyed by the sheet's own row numbers (row 2 skipped).
        var problem = await (await PostAsync("sd", Sheet(
            ["INDUSTRIAL_OUTPUT", null, "TQ-SD", period, null, null, null],
            ["RETAIL_SALES", null, "TQ-SD", period, null, "official", null],
            ["EXPORT_VALUE", null, "TQ-SD", period, null, null, "chưa có số liệu"],
            ["BUDGET_REVENUE", null, "TQ-SD", "2022-Q5", "1", "estimate", null]), type)).AssertProblemAsync(HttpStatusCode.BadRequest,
            "rows[3].value", "rows[4].value", "rows[5].period");
        var errors = Errors(problem);
        Assert.Equal(["rows[3].value", "rows[4].value", "rows[4].status", "rows[5].period"], errors.Keys);
        Assert.Equal("E3 is empty: value is required, a number such as 1235.6.", errors["rows[3].value"][0]);
        Assert.StartsWith("D5: ", errors["rows[5].period"][0]);
        // Nothing to send at all: the whole sheet is refused.
        problem = await (await PostAsync("sd", Sheet(
            ["INDUSTRIAL_OUTPUT", "Giá trị sản xuất công nghiệp", "TQ-SD", period, null, null, null],
            ["RETAIL_SALES", "Tổng mức bán lẻ", "TQ-SD", period, "", "", ""]), type)).AssertProblemAsync(HttpStatusCode.BadRequest, "rows");
        Assert.StartsWith("The sheet has nothing to send: its 2 data rows have no value, status or note", Errors(problem)["rows"][0]);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_CSV_note_neutralised_by_the_service_reads_back_as_it_was_and_other_quotes_stay()
    {
        // What Csv.Field writes for text a spreadsheet would evaluate ('=…, '-…, '+…, '@…) is read back without the quote,
        // so a CSV the service wrote changes nothing when sent back; a quote before anything else is the sender's own text.
        var csv = Xlsx.Csv(',', Header,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2022-M03", "1", "estimate", "'=HYPERLINK(\"http://x.example\",\"y\")"],
            ["RETAIL_SALES", "TQ-SD", "2022-M03", "2", "estimate", "'-5 so với kế hoạch"],
            ["EXPORT_VALUE", "TQ-SD", "2022-M03", "3", "estimate", "'Quý I' theo kế hoạch"],
            ["BUDGET_REVENUE", "TQ-SD", "2022-M03", "4", "estimate", "'"]);
        Assert.Equal(HttpStatusCode.Created, (await PostCsvAsync("sd", csv)).StatusCode);
        Assert.Equal("=HYPERLINK(\"http://x.example\",\"y\")", (await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2022-M03"))!.Value.Note);
        Assert.Equal("-5 so với kế hoạch", (await CurrentAsync("RETAIL_SALES", "TQ-SD", "2022-M03"))!.Value.Note);
        Assert.Equal("'Quý I' theo kế hoạch", (await CurrentAsync("EXPORT_VALUE", "TQ-SD", "2022-M03"))!.Value.Note);
        Assert.Equal("'", (await CurrentAsync("BUDGET_REVENUE", "TQ-SD", "2022-M03"))!.Value.Note);

        // The service's CSV of these values, sent back as it is: unchanged.
        var exported = CsvText.Parse(await api.Client("reader").GetStringAsync("/api/v1/values?orgUnit=TQ-SD&period=2022-M03&format=csv", Ct));
        Assert.Contains(exported, r => r.Contains("'-5 so với kế hoạch"));
        var back = Xlsx.Csv(',', [Header, .. exported.Skip(1).Select(r => new string?[] { r[0], r[1], r[2], r[3], r[4], r[5] })]);
        Assert.Equal(Header, exported[0].Take(6));
        AssertCounts(await (await PostCsvAsync("sd", back)).JsonAsync(), 4, 0, 0, 4);

        // In an xlsx the text is the cell's text (the service writes a quote-prefix style, not a quote): kept as sent.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("sd", Xlsx.Build([Header, ["TOURIST_ARRIVALS", "TQ-SD", "2022-M03", "#n:5", "estimate", "'-5"]]), XlsxType)).StatusCode);
        Assert.Equal("'-5", (await CurrentAsync("TOURIST_ARRIVALS", "TQ-SD", "2022-M03"))!.Value.Note);
    }

    [Fact]
    public async Task A_sheet_made_by_the_shared_writer_with_template_columns_and_a_status_list_is_uploaded_as_it_is()
    {
        SheetColumn[] columns =
        [
            new("indicator"), new("indicatorName", 40), new("orgUnit"), new("period"), new("unit"), new("value"),
            new("status", Choices: SubmissionColumns.Statuses), new("note", 40),
        ];
        IReadOnlyList<SheetValue>[] rows =
        [
            [SheetValue.Of("INDUSTRIAL_OUTPUT"), SheetValue.Of("Giá trị sản xuất công nghiệp"), SheetValue.Of("TQ-SD"), SheetValue.Of("2023-S2"),
             SheetValue.Of("tỷ đồng"), SheetValue.Of(2700.5m), SheetValue.Of("estimate"), SheetValue.Of("@SUM(1+1)*cmd|' /C calc'!A0")],
            [SheetValue.Of("RETAIL_SALES"), SheetValue.Of("Tổng mức bán lẻ"), SheetValue.Of("TQ-SD"), SheetValue.Of("2023-S2"),
             SheetValue.Of("tỷ đồng"), SheetValue.Of(-0m), SheetValue.Of("official"), SheetValue.Empty],
        ];
        var xlsx = SheetWriter.Xlsx("Báo cáo 6 tháng", columns, rows);

        var response = await PostAsync("sd", xlsx, XlsxType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((2700.5m, "estimate", "@SUM(1+1)*cmd|' /C calc'!A0", 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2023-S2"));
        Assert.Equal((0m, "official", null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2023-S2"));
    }

    [Fact]
    public async Task Ten_thousand_rows_of_CSV_and_of_xlsx_are_accepted_and_10001_are_refused()
    {
        await Given.ProvinceAsync(api, "SHX");
        var keys = TenThousandKeys().ToList();
        var csvRows = keys.Select((k, i) => new string?[] { k.Indicator, "SHX", k.Period, (i % 90 + 1).ToString(CultureInfo.InvariantCulture), "estimate", null });
        var csv = Xlsx.Csv(',', [Header, .. csvRows]);
        var response = await PostCsvAsync("admin", csv);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertCounts(await response.JsonAsync(), 10_000, 10_000, 0, 0);

        var xlsx = Xlsx.Build([Header, .. keys.Select((k, i) => new string?[] { k.Indicator, "SHX", k.Period, "#n:" + (i % 90 + 2), "estimate", null })]);
        response = await PostAsync("admin", xlsx, XlsxType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertCounts(await response.JsonAsync(), 10_000, 0, 10_000, 0);

        var before = await api.SnapshotAsync();
        var tooMany = Xlsx.Csv(',', [Header, .. csvRows, ["INDUSTRIAL_OUTPUT", "SHX", "2026", "1", "estimate", null]]);
        var problem = await (await PostCsvAsync("admin", tooMany)).AssertProblemAsync(HttpStatusCode.BadRequest, "rows");
        Assert.Contains("more than 10,000 data rows (row 10002 is the 10,001th)", Errors(problem)["rows"][0]);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    /// <summary>10,000 distinct keys of a province: five indicators that take whole numbers from 1 to 90, every range
    /// of months of 2000 to 2025 (78 a year).</summary>
    private static IEnumerable<(string Indicator, string Period)> TenThousandKeys()
    {
        string[] indicators = ["INDUSTRIAL_OUTPUT", "RETAIL_SALES", "EXPORT_VALUE", "BUDGET_REVENUE", "INVESTMENT_CAPITAL"];
        var n = 0;
        for (var year = 2000; year <= 2025; year++)
        {
            for (var first = 1; first <= 12; first++)
            {
                for (var last = first; last <= 12; last++)
                {
                    foreach (var indicator in indicators)
                    {
                        if (n++ == 10_000)
                        {
                            yield break;
                        }
                        yield return (indicator, $"{year}-M{first:00}..M{last:00}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task A_wrong_or_missing_content_type_stays_a_415_problem_naming_the_accepted_types()
    {
        var csv = Encoding.UTF8.GetBytes(Xlsx.Csv(',', Header, ["INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M12", "1", "estimate", null]));
        await (await PostAsync("sd", csv, "application/vnd.ms-excel")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = new ByteArrayContent(csv) };
        var problem = await (await api.Client("sd").SendAsync(request, Ct)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString());
        Assert.Contains(XlsxType, problem.GetProperty("detail").GetString());
        // A charset other than UTF-8 is named and refused.
        await (await PostAsync("sd", csv, "text/csv; charset=windows-1258")).AssertProblemAsync(HttpStatusCode.BadRequest, "request");
        Assert.Null(await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2023-M12"));
    }
}
