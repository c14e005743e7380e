using Dapper;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Batches;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Indicators.Tests.Features.Submissions.Submit;

public sealed class SubmissionTestsOnSqlite(SqliteApi api) : SubmissionTests(api), IClassFixture<SqliteApi>;

public sealed class SubmissionTestsOnSqlServer(SqlServerApi api) : SubmissionTests(api), IClassFixture<SqlServerApi>;

/// <summary>POST /api/v1/submissions: validation, rights, revisions, dry run, receipts. Each test writes its own
/// years or units so that the tests of one fixture do not meet.</summary>
public abstract class SubmissionTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(decimal Value, string Status, string? Note, int Revision)?> CurrentAsync(string indicator, string orgUnit, string period)
    {
        await using var c = await api.OpenAsync();
        var rows = await c.QueryAsync<(decimal, string, string?, int)>(
            "SELECT value, status, note, revision FROM actual_values WHERE indicator = @indicator AND org_unit = @orgUnit AND period = @period",
            new { indicator, orgUnit, period });
        return rows.Cast<(decimal, string, string?, int)?>().SingleOrDefault();
    }

    private static void AssertCounts(JsonElement receipt, int received, int created, int updated, int unchanged)
    {
        Assert.Equal(
            (received, created, updated, unchanged),
            (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("created").GetInt32(),
             receipt.GetProperty("updated").GetInt32(), receipt.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_district_submits_values_and_gets_a_receipt_it_can_read_back()
    {
        var sd = api.Client("sd");
        var response = await SubmitAsync(sd,
            Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q1", 1234.5m, note: "quý I"),
            Value("RETAIL_SALES", "TQ-SD", " 2021-m01..m03 ", 800m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        var id = receipt.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/submissions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("values", receipt.GetProperty("kind").GetString());
        Assert.False(receipt.GetProperty("dryRun").GetBoolean());
        AssertCounts(receipt, 2, 2, 0, 0);
        Assert.Equal((1234.5m, "estimate", "quý I", 1), await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ-SD", "2021-Q1"));
        // The range M01..M03 is stored under its canonical code.
        Assert.Equal((800m, "estimate", null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2021-Q1"));

        var read = await sd.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var again = await read.JsonAsync();
        Assert.Equal(id, again.GetProperty("id").GetString());
        AssertCounts(again, 2, 2, 0, 0);
    }

    [Fact]
    public async Task Resending_an_identical_value_writes_nothing_and_a_change_adds_a_revision_with_its_writer()
    {
        var sd = api.Client("sd");
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(sd, Value("BUDGET_REVENUE", "TQ-SD", "2021-Q2", 10.5m, note: "ước"))).StatusCode);
        var revisions = await api.CountAsync("actual_revisions");

        // 10.50 is the same number as 10.5.
        var same = await SubmitAsync(sd, Value("BUDGET_REVENUE", "TQ-SD", "2021-Q2", 10.50m, note: "ước"));
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        AssertCounts(await same.JsonAsync(), 1, 0, 0, 1);
        Assert.Equal(revisions, await api.CountAsync("actual_revisions"));

        var official = await SubmitAsync(sd, Value("BUDGET_REVENUE", "TQ-SD", "2021-Q2", 10.5m, "official", "ước"));
        AssertCounts(await official.JsonAsync(), 1, 0, 1, 0);
        var renoted = await SubmitAsync(sd, Value("BUDGET_REVENUE", "TQ-SD", "2021-Q2", 10.5m, "official", "chính thức"));
        AssertCounts(await renoted.JsonAsync(), 1, 0, 1, 0);
        Assert.Equal((10.5m, "official", "chính thức", 3), await CurrentAsync("BUDGET_REVENUE", "TQ-SD", "2021-Q2"));

        await using var c = await api.OpenAsync();
        var history = (await c.QueryAsync<(int Revision, string Status, string? Note, string Key, string Unit, string Submission)>(
            "SELECT revision, status, note, written_by_key, written_by_unit, submission_id FROM actual_revisions " +
            "WHERE indicator = 'BUDGET_REVENUE' AND org_unit = 'TQ-SD' AND period = '2021-Q2' ORDER BY revision")).ToList();
        Assert.Equal([1, 2, 3], history.Select(h => h.Revision));
        Assert.Equal(["estimate", "official", "official"], history.Select(h => h.Status));
        Assert.Equal(["ước", "ước", "chính thức"], history.Select(h => h.Note));
        Assert.All(history, h => Assert.Equal(("test sd", "TQ-SD"), (h.Key, h.Unit)));
        Assert.Equal((await renoted.JsonAsync()).GetProperty("id").GetString(), history[2].Submission);
    }

    [Fact]
    public async Task Refuses_a_batch_with_several_bad_items_listing_every_error_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var response = await SubmitAsync(api.Client("admin"),
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M05", 100m),                 // 0: valid
            Value("industrial_output", "TQ", "2021-M05", 1m),                   // 1: codes are case-sensitive
            Value("INDUSTRIAL_OUTPUT", "tq-sd", "2021-M05", 1m),                // 2
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-Q5", 1m),                    // 3
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M06", 1.25m),                // 4: decimals 1
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M07", -1m),                  // 5: min 0
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M08", 1m, "final"),          // 6
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M09", 1m, note: new string('x', 1001)), // 7
            Value("RETAIL_SALES", "TQ", "2021-M01..M06", 1m),                   // 8
            Value("RETAIL_SALES", "TQ", "2021-S1", 2m),                         // 9: the same key as 8
            new { indicator = "RETAIL_SALES", orgUnit = "TQ", period = "2021-M10", status = "estimate" }, // 10: no value
            Value("INDUSTRIAL_OUTPUT", "TQ", "2021-M11", 100_000_000_000_000m)); // 11: beyond ±MaxAbs
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            "values[1].indicator", "values[2].orgUnit", "values[3].period", "values[4].value", "values[5].value",
            "values[6].status", "values[7].note", "values[9]", "values[10].value", "values[11].value");
        var errors = problem.GetProperty("errors");
        Assert.Equal(10, errors.EnumerateObject().Count());
        Assert.Equal("There is no indicator 'industrial_output' (codes are case-sensitive).", errors.GetProperty("values[1].indicator")[0].GetString());
        Assert.Equal("There is no org unit 'tq-sd' (codes are case-sensitive).", errors.GetProperty("values[2].orgUnit")[0].GetString());
        Assert.Contains("quarters are Q1 to Q4", errors.GetProperty("values[3].period")[0].GetString());
        Assert.Contains("at most 1 decimal place", errors.GetProperty("values[4].value")[0].GetString());
        Assert.Contains("at least 0", errors.GetProperty("values[5].value")[0].GetString());
        Assert.Contains("at most 1,000 characters", errors.GetProperty("values[7].note")[0].GetString());
        Assert.Contains("values[8]", errors.GetProperty("values[9]")[0].GetString());
        Assert.Contains("2021-S1", errors.GetProperty("values[9]")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Accepts_trailing_zeros_beyond_the_indicators_decimals_and_the_exact_limits()
    {
        var admin = api.Client("admin");
        var response = await SubmitAsync(admin,
            Value("GRDP_GROWTH", "TQ", "2022-S1", 2.50m),                          // decimals 2
            Value("INDUSTRIAL_OUTPUT", "TQ", "2022-S1", 2.50m),                    // decimals 1: 2.50 is 2.5
            Value("PUBLIC_INVESTMENT_DISBURSEMENT", "TQ", "2022-S1", 100m),        // max 100
            Value("INVESTMENT_CAPITAL", "TQ", "2022-S1", 0m),                      // min 0
            Value("GRDP_GROWTH", "TQ", "2022-S2", -3.25m, note: new string('n', 1000)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2.5m, (await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ", "2022-S1"))!.Value.Value);
        Assert.Equal(-3.25m, (await CurrentAsync("GRDP_GROWTH", "TQ", "2022-S2"))!.Value.Value);
        await (await SubmitAsync(admin, Value("PUBLIC_INVESTMENT_DISBURSEMENT", "TQ", "2022-Q1", 100.01m)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].value");
    }

    [Fact]
    public async Task Refuses_periods_that_have_not_started_in_Vietnam_time()
    {
        var sct = api.Client("sct");
        try
        {
            // 2026-03-31 16:59:59 UTC is 23:59:59 in Vietnam: April has not started there.
            api.Clock.Set(new DateTimeOffset(2026, 3, 31, 16, 59, 59, TimeSpan.Zero));
            var before = await api.SnapshotAsync();
            var problem = await (await SubmitAsync(sct, Value("INDUSTRIAL_OUTPUT", "TQ-SCT", "2026-M04", 5m), Value("INDUSTRIAL_OUTPUT", "TQ-SCT", "2027", 5m)))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].period", "values[1].period");
            Assert.Contains("has not started", problem.GetProperty("errors").GetProperty("values[0].period")[0].GetString());
            Assert.Equal(before, await api.SnapshotAsync());

            api.Clock.Set(new DateTimeOffset(2026, 3, 31, 17, 0, 0, TimeSpan.Zero));
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(sct, Value("INDUSTRIAL_OUTPUT", "TQ-SCT", "2026-M04", 5m))).StatusCode);
            // A year or half that has started may be reported before it ends (an estimate for the year so far).
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(sct, Value("INDUSTRIAL_OUTPUT", "TQ-SCT", "2026", 15m))).StatusCode);
        }
        finally
        {
            api.Clock.Reset();
        }
    }

    [Fact]
    public async Task Refuses_values_for_a_unit_outside_its_validity()
    {
        var sd = api.Client("sd");
        var before = await api.SnapshotAsync();
        // TQ-SD exists until 2025-06-30: not in 2026, nor for the whole of 2025.
        var problem = await (await SubmitAsync(sd, Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2026-M01", 1m), Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2025", 1m)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].orgUnit", "values[1].orgUnit");
        Assert.Contains("until 2025-06-30", problem.GetProperty("errors").GetProperty("values[0].orgUnit")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(sd, Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2025-S1", 1m))).StatusCode);
    }

    [Fact]
    public async Task Refuses_empty_missing_and_oversized_batches()
    {
        var admin = api.Client("admin");
        var before = await api.SnapshotAsync();
        await (await admin.PostAsJsonAsync("/api/v1/submissions", new { values = Array.Empty<object>() }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "values");
        await (await admin.PostAsync("/api/v1/submissions", Http.Json("{}"), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "values");
        await (await admin.PostAsync("/api/v1/submissions", Http.Json("{\"values\": [null]}"), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "values[0]");
        await (await admin.PostAsync("/api/v1/submissions", Http.Json("{\"values\": [{\"indicator\": \"GRDP_GROWTH\", \"valeu\": 1}]}"), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].valeu");
        await (await admin.PostAsync("/api/v1/submissions", Http.Json("{\"values\": [{\"indicator\": \"GRDP_GROWTH\", \"orgUnit\": \"TQ\", \"period\": \"2021\", \"value\": \"1\", \"status\": \"estimate\"}]}"), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].value");
        var tooMany = Enumerable.Range(0, 10_001).Select(i => Value("INDUSTRIAL_OUTPUT", "TQ", "2023-M01", i)).ToArray();
        var problem = await (await SubmitAsync(admin, tooMany)).AssertProblemAsync(HttpStatusCode.BadRequest, "values");
        Assert.Contains("at most 10,000", problem.GetProperty("errors").GetProperty("values")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Accepts_a_batch_of_ten_thousand_values_in_one_transaction()
    {
        // 10,000 distinct keys: every month range of 2000-2016 for eight units that never ceased to exist.
        string[] units = ["TQ", "TQ-SCT", "TQ-STC", "TQ-CTK", "TQ-SKHDT", "TQ-SGDDT", "TQ-SNNPTNT", "TQ-SVHTTDL"];
        var unique = (
            from year in Enumerable.Range(2000, 17)
            from first in Enumerable.Range(1, 12)
            from last in Enumerable.Range(first, 13 - first)
            from unit in units
            select (unit, period: $"{year}-M{first:D2}..M{last:D2}"))
            .Take(10_000)
            .Select((k, i) => Value("TOURIST_ARRIVALS", k.unit, k.period, i))
            .ToList();
        var response = await SubmitAsync(api.Client("admin"), [.. unique]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertCounts(await response.JsonAsync(), 10_000, 10_000, 0, 0);
        var again = await SubmitAsync(api.Client("admin"), [.. unique]);
        AssertCounts(await again.JsonAsync(), 10_000, 0, 0, 10_000);
    }

    [Fact]
    public async Task Enforces_who_may_write_what()
    {
        async Task<HttpStatusCode> Try(string key, string indicator, string orgUnit)
        {
            var response = await SubmitAsync(api.Client(key), Value(indicator, orgUnit, "2019-Q1", 1m));
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                await response.AssertProblemAsync(HttpStatusCode.Forbidden, key == "reader" ? [] : ["values[0].orgUnit"]);
            }
            return response.StatusCode;
        }

        var before = await api.SnapshotAsync();
        // A district: its own figures only.
        Assert.Equal(HttpStatusCode.Forbidden, await Try("sd", "INDUSTRIAL_OUTPUT", "TQ-HY"));
        Assert.Equal(HttpStatusCode.Forbidden, await Try("sd", "INDUSTRIAL_OUTPUT", "TQ"));
        Assert.Equal(HttpStatusCode.Forbidden, await Try("hy", "RETAIL_SALES", "TQ-SD"));
        // A department: the province-level figures of its own indicators, and its own unit's.
        Assert.Equal(HttpStatusCode.Forbidden, await Try("sct", "TOURIST_ARRIVALS", "TQ"));
        Assert.Equal(HttpStatusCode.Forbidden, await Try("sct", "INDUSTRIAL_OUTPUT", "TQ-SD"));
        Assert.Equal(HttpStatusCode.Forbidden, await Try("stc", "INDUSTRIAL_OUTPUT", "TQ"));
        // A reader writes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, await Try("reader", "INDUSTRIAL_OUTPUT", "TQ"));
        Assert.Equal(before, await api.SnapshotAsync());

        Assert.Equal(HttpStatusCode.Created, await Try("sd", "INDUSTRIAL_OUTPUT", "TQ-SD"));
        Assert.Equal(HttpStatusCode.Created, await Try("hy", "INDUSTRIAL_OUTPUT", "TQ-HY"));
        Assert.Equal(HttpStatusCode.Created, await Try("sct", "INDUSTRIAL_OUTPUT", "TQ"));
        Assert.Equal(HttpStatusCode.Created, await Try("sct", "RETAIL_SALES", "TQ"));
        Assert.Equal(HttpStatusCode.Created, await Try("sct", "TOURIST_ARRIVALS", "TQ-SCT"));
        Assert.Equal(HttpStatusCode.Created, await Try("stc", "BUDGET_REVENUE", "TQ"));
        Assert.Equal(HttpStatusCode.Created, await Try("admin", "TOURIST_ARRIVALS", "TQ-LB"));
        Assert.Equal(HttpStatusCode.Created, await Try("admin", "TOURIST_ARRIVALS", "TQ"));
    }

    [Fact]
    public async Task One_item_outside_the_callers_rights_refuses_the_whole_batch_after_validation()
    {
        var sd = api.Client("sd");
        var before = await api.SnapshotAsync();
        var problem = await (await SubmitAsync(sd,
                Value("EXPORT_VALUE", "TQ-SD", "2019-Q2", 1m),
                Value("EXPORT_VALUE", "TQ-HY", "2019-Q2", 1m),
                Value("EXPORT_VALUE", "TQ", "2019-Q2", 1m)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "values[1].orgUnit", "values[2].orgUnit");
        Assert.Equal("urn:indicators:problem:forbidden", problem.GetProperty("type").GetString());
        Assert.Equal(2, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Contains("TQ-SCT", problem.GetProperty("errors").GetProperty("values[2].orgUnit")[0].GetString());
        // An invalid item is reported as such (400) before any question of rights.
        await (await SubmitAsync(sd, Value("EXPORT_VALUE", "TQ-HY", "2019-Q2", 1m), Value("EXPORT_VALUE", "TQ-SD", "2019-Q2", 1.234m)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[1].value");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_batch_of_new_changed_and_unchanged_items_writes_revisions_for_the_first_two_only()
    {
        var sd = api.Client("sd");
        var first = await SubmitAsync(sd, Value("RETAIL_SALES", "TQ-SD", "2022-M01", 10m), Value("RETAIL_SALES", "TQ-SD", "2022-M02", 20m));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.JsonAsync()).GetProperty("id").GetString();

        // Unchanged (10.00 is 10), new, changed, new: interleaved.
        var mixed = await SubmitAsync(sd,
            Value("RETAIL_SALES", "TQ-SD", "2022-M01", 10.00m),
            Value("RETAIL_SALES", "TQ-SD", "2022-M03", 30m),
            Value("RETAIL_SALES", "TQ-SD", "2022-M02", 21.5m),
            Value("RETAIL_SALES", "TQ-SD", "2022-M04", 40m));
        Assert.Equal(HttpStatusCode.Created, mixed.StatusCode);
        var receipt = await mixed.JsonAsync();
        AssertCounts(receipt, 4, 2, 1, 1);
        var mixedId = receipt.GetProperty("id").GetString();

        Assert.Equal((10m, "estimate", (string?)null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2022-M01"));
        Assert.Equal((21.5m, "estimate", (string?)null, 2), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2022-M02"));
        Assert.Equal((30m, "estimate", (string?)null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2022-M03"));
        await using var c = await api.OpenAsync();
        var written = (await c.QueryAsync<(string Period, int Revision)>(
            "SELECT period, revision FROM actual_revisions WHERE submission_id = @mixedId ORDER BY period", new { mixedId })).ToList();
        Assert.Equal([("2022-M02", 2), ("2022-M03", 1), ("2022-M04", 1)], written);

        // The same decimals written another way are unchanged: 3E1 is 30, 10.0 is 10 (SQLite compares canonical text).
        var same = await sd.PostAsync("/api/v1/submissions", Http.Json(
            "{\"values\": [{\"indicator\": \"RETAIL_SALES\", \"orgUnit\": \"TQ-SD\", \"period\": \"2022-M03\", \"value\": 3E1, \"status\": \"estimate\"}," +
            " {\"indicator\": \"RETAIL_SALES\", \"orgUnit\": \"TQ-SD\", \"period\": \"2022-M01\", \"value\": 10.0, \"status\": \"estimate\"}]}"), Ct);
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        AssertCounts(await same.JsonAsync(), 2, 0, 0, 2);
        Assert.Equal((30m, "estimate", (string?)null, 1), await CurrentAsync("RETAIL_SALES", "TQ-SD", "2022-M03"));

        // The changed key's history: newest first, each revision with its own submission.
        var history = await (await api.Client("reader").GetAsync("/api/v1/values/history?indicator=RETAIL_SALES&orgUnit=TQ-SD&period=2022-M02", Ct)).JsonAsync();
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.Equal(
            [(21.5m, mixedId, 2), (20m, firstId, 1)],
            history.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("value").GetDecimal(), i.GetProperty("submissionId").GetString(), i.GetProperty("revision").GetInt32())).ToList());
    }

    [Fact]
    public async Task A_dry_run_answers_the_counts_and_writes_nothing()
    {
        var sd = api.Client("sd");
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(sd, Value("RETAIL_SALES", "TQ-SD", "2021-M07", 70m), Value("RETAIL_SALES", "TQ-SD", "2021-M08", 80m))).StatusCode);
        var before = await api.SnapshotAsync();
        var response = await sd.PostAsJsonAsync("/api/v1/submissions?dryRun=true", new
        {
            values = new[]
            {
                Value("RETAIL_SALES", "TQ-SD", "2021-M07", 70m),
                Value("RETAIL_SALES", "TQ-SD", "2021-M08", 81m),
                Value("RETAIL_SALES", "TQ-SD", "2021-M09", 90m),
            },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var receipt = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Null, receipt.GetProperty("id").ValueKind);
        Assert.True(receipt.GetProperty("dryRun").GetBoolean());
        AssertCounts(receipt, 3, 1, 1, 1);
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(80m, (await CurrentAsync("RETAIL_SALES", "TQ-SD", "2021-M08"))!.Value.Value);

        // Every check runs: a bad item is a 400, a forbidden one a 403.
        await (await sd.PostAsJsonAsync("/api/v1/submissions?dryRun=true", new { values = new[] { Value("RETAIL_SALES", "TQ-SD", "2021-M09", 9.99m) } }, Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].value");
        await (await sd.PostAsJsonAsync("/api/v1/submissions?dryRun=true", new { values = new[] { Value("RETAIL_SALES", "TQ-HY", "2021-M09", 9m) } }, Ct))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "values[0].orgUnit");
        // dryRun is a query parameter, not a field of the body.
        var bodyField = await sd.PostAsync("/api/v1/submissions", Http.Json("{\"values\": [{\"indicator\": \"RETAIL_SALES\", \"orgUnit\": \"TQ-SD\", \"period\": \"2021-M10\", \"value\": 1, \"status\": \"estimate\"}], \"dryRun\": true}"), Ct);
        await bodyField.AssertProblemAsync(HttpStatusCode.BadRequest, "dryRun");
        await (await sd.PostAsJsonAsync("/api/v1/submissions?dryRun=maybe", new { values = new[] { Value("RETAIL_SALES", "TQ-SD", "2021-M09", 9m) } }, Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "dryRun");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Parallel_writers_of_the_same_keys_leave_a_complete_history_in_commit_order()
    {
        const int writers = 8, batches = 5;
        string[] periods = ["2018-M01", "2018-M02", "2018-Q1", "2018-S1", "2018"];
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var client = api.Client(w % 2 == 0 ? "sct" : "admin");
            for (var b = 0; b < batches; b++)
            {
                var response = await SubmitAsync(client, periods.Select(p => Value("INDUSTRIAL_OUTPUT", "TQ", p, w * 100 + b, note: $"writer {w} batch {b}")).ToArray());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var receipt = await response.JsonAsync();
                Assert.Equal(periods.Length, receipt.GetProperty("created").GetInt32() + receipt.GetProperty("updated").GetInt32());
            }
        }, Ct));
        await Task.WhenAll(tasks);

        await using var c = await api.OpenAsync();
        foreach (var period in periods)
        {
            var history = (await c.QueryAsync<(int Revision, decimal Value, string Note, string Submission)>(
                "SELECT revision, value, note, submission_id FROM actual_revisions WHERE indicator = 'INDUSTRIAL_OUTPUT' AND org_unit = 'TQ' AND period = @period ORDER BY revision",
                new { period })).ToList();
            Assert.Equal(Enumerable.Range(1, writers * batches), history.Select(h => h.Revision));
            // Every writer's every batch is there exactly once.
            Assert.Equal(writers * batches, history.Select(h => h.Note).Distinct().Count());
            // Each writer's own batches appear in the order it sent them.
            for (var w = 0; w < writers; w++)
            {
                var mine = history.Where(h => h.Note.StartsWith($"writer {w} ", StringComparison.Ordinal)).Select(h => h.Value).ToList();
                Assert.Equal(mine.Order(), mine);
            }
            var current = await CurrentAsync("INDUSTRIAL_OUTPUT", "TQ", period);
            Assert.Equal((history[^1].Value, history[^1].Note, writers * batches), (current!.Value.Value, current.Value.Note, current.Value.Revision));
        }
    }
}
