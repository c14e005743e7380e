using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.Schedules.Put;

public sealed class SchedulePutTestsOnSqlite(SqliteApi api) : SchedulePutTests(api), IClassFixture<SqliteApi>;

public sealed class SchedulePutTestsOnSqlServer(SqlServerApi api) : SchedulePutTests(api), IClassFixture<SqlServerApi>;

/// <summary>SPEC "Schedules": every field and validation rule of PUT /api/v1/schedules/{code}.</summary>
public abstract class SchedulePutTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Body() => JsonNode.Parse("""
        {
          "name": { "vi": "Báo cáo quý", "en": "Quarterly report" },
          "frequency": "quarter", "cutoff": "calendar", "dueDays": 10,
          "validFrom": "2024-01-01", "validTo": null,
          "indicators": ["SP1_Y", "SP1_X"],
          "reporters": ["SP1-B", "SP1-D", "SP1-A"]
        }
        """)!.AsObject();

    [Fact]
    public async Task Creates_a_schedule_then_replaces_it_and_an_identical_one_changes_nothing()
    {
        await ProvinceAsync(api, "SP1");
        var admin = api.Client("admin");
        var created = await admin.PutAsync("/api/v1/schedules/SP1_QUARTERLY", Http.Json(Body().ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/schedules/SP1_QUARTERLY", created.Headers.Location?.ToString());
        var body = await created.JsonAsync();
        Assert.Equal("SP1_QUARTERLY", body.GetProperty("code").GetString());
        Assert.Equal("Quarterly report", body.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal(("quarter", "calendar", 10), (body.GetProperty("frequency").GetString(), body.GetProperty("cutoff").GetString(), body.GetProperty("dueDays").GetInt32()));
        Assert.Equal("2024-01-01", body.GetProperty("validFrom").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("validTo").ValueKind);
        // The lists keep the order they were sent in.
        Assert.Equal("""["SP1_Y","SP1_X"]""", body.GetProperty("indicators").GetRawText());
        Assert.Equal("""["SP1-B","SP1-D","SP1-A"]""", body.GetProperty("reporters").GetRawText());
        Assert.Equal(body.GetRawText(), (await (await api.Client("reader").GetAsync("/api/v1/schedules/SP1_QUARTERLY", Ct)).JsonAsync()).GetRawText());

        var before = await api.SnapshotAsync();
        var same = await admin.PutAsync("/api/v1/schedules/SP1_QUARTERLY", Http.Json(Body().ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(body.GetRawText(), (await same.JsonAsync()).GetRawText());
        Assert.Equal(before, await api.SnapshotAsync());

        var changed = Body();
        changed["frequency"] = "month";
        changed["cutoff"] = "decree-09";
        changed["dueDays"] = 2;
        changed["indicators"] = new JsonArray("SP1_X");
        changed["reporters"] = new JsonArray("SP1-A", "SP1-C");
        var replaced = await admin.PutAsync("/api/v1/schedules/SP1_QUARTERLY", Http.Json(changed.ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var now = await (await api.Client("reader").GetAsync("/api/v1/schedules/SP1_QUARTERLY", Ct)).JsonAsync();
        Assert.Equal(("month", "decree-09", 2), (now.GetProperty("frequency").GetString(), now.GetProperty("cutoff").GetString(), now.GetProperty("dueDays").GetInt32()));
        Assert.Equal("""["SP1_X"]""", now.GetProperty("indicators").GetRawText());
        Assert.Equal("""["SP1-A","SP1-C"]""", now.GetProperty("reporters").GetRawText());
        Assert.Equal(before["schedule_indicators"] - 1, await api.CountAsync("schedule_indicators"));
    }

    public static TheoryData<string, string, string> BadSchedules => new()
    {
        // name of the case, a change to the valid body (JSON merged over it), the error key
        { "name missing", """{"name":null}""", "name" },
        { "name.en blank", """{"name":{"vi":"x","en":"  "}}""", "name.en" },
        { "unknown frequency", """{"frequency":"weekly"}""", "frequency" },
        { "frequency in upper case", """{"frequency":"QUARTER"}""", "frequency" },
        { "unknown cutoff", """{"cutoff":"decree-9"}""", "cutoff" },
        { "dueDays missing", """{"dueDays":null}""", "dueDays" },
        { "dueDays 91", """{"dueDays":91}""", "dueDays" },
        { "dueDays -1", """{"dueDays":-1}""", "dueDays" },
        { "validTo before validFrom", """{"validFrom":"2024-02-01","validTo":"2024-01-31"}""", "validTo" },
        { "no indicators", """{"indicators":[]}""", "indicators" },
        { "indicators missing", """{"indicators":null}""", "indicators" },
        { "an unknown indicator", """{"indicators":["SP2_X","NO_SUCH_INDICATOR"]}""", "indicators[1]" },
        { "an indicator in lower case", """{"indicators":["sp2_x"]}""", "indicators[0]" },
        { "an indicator listed twice", """{"indicators":["SP2_X","SP2_Y","SP2_X"]}""", "indicators[2]" },
        { "a null indicator", """{"indicators":[null]}""", "indicators[0]" },
        { "no reporters", """{"reporters":[]}""", "reporters" },
        { "an unknown reporter", """{"reporters":["SP2-A","SP2-ZZ"]}""", "reporters[1]" },
        { "a reporter listed twice", """{"reporters":["SP2-A","SP2-A"]}""", "reporters[1]" },
        { "a province as reporter", """{"reporters":["SP2-A","SP2"]}""", "reporters[1]" },
        { "a department responsible for none of the indicators", """{"indicators":["SP2_Y"],"reporters":["SP2-A","SP2-D"]}""", "reporters[1]" },
        { "a district that ended before the schedule starts", """{"validFrom":"2030-01-01","reporters":["SP2-OLD"]}""", "reporters[0]" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task A_bad_schedule_is_a_400_keyed_by_the_field_and_stores_nothing(string name, string change, string key)
    {
        await ProvinceAsync(api, "SP2");
        await Given.OrgUnitAsync(api, "SP2-OLD", "district", "SP2", "Huyện Cũ", "Old District", validTo: "2025-06-30");
        var body = JsonNode.Parse("""
            {"name":{"vi":"Báo cáo","en":"Report"},"frequency":"quarter","cutoff":"calendar","dueDays":10,"indicators":["SP2_X"],"reporters":["SP2-A","SP2-D"]}
            """)!.AsObject();
        foreach (var (field, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[field] = value?.DeepClone();
        }
        var before = await api.SnapshotAsync();
        var problem = await (await api.Client("admin").PutAsync("/api/v1/schedules/SP2_BAD", Http.Json(body.ToJsonString()), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, key);
        Assert.Equal("urn:indicators:problem:validation", problem.GetProperty("type").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
        await (await api.Client("reader").GetAsync("/api/v1/schedules/SP2_BAD", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.NotEmpty(name);
    }

    [Fact]
    public async Task Every_error_of_a_schedule_is_answered_at_once_with_a_reason()
    {
        await ProvinceAsync(api, "SP3");
        var problem = await (await api.Client("admin").PutAsync("/api/v1/schedules/SP3_BAD", Http.Json("""
            {"name":{"vi":"x","en":"x"},"frequency":"quarter","cutoff":"calendar","dueDays":10,
             "indicators":["SP3_Y","NOPE"],"reporters":["SP3-D","SP3","SP3-A","SP3-A"]}
            """), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "indicators[1]", "reporters[0]", "reporters[1]", "reporters[3]");
        var errors = problem.GetProperty("errors");
        Assert.Equal("There is no indicator 'NOPE' (codes are case-sensitive).", errors.GetProperty("indicators[1]")[0].GetString());
        Assert.StartsWith("SP3-D is responsible for none of the indicators of the schedule", errors.GetProperty("reporters[0]")[0].GetString());
        Assert.StartsWith("SP3 is a province", errors.GetProperty("reporters[1]")[0].GetString());
        Assert.Equal("SP3-A is listed already, at reporters[2]: list each reporter once.", errors.GetProperty("reporters[3]")[0].GetString());
        Assert.False(errors.TryGetProperty("reporters[2]", out _));
    }

    [Theory]
    [InlineData("sp_lower")]
    [InlineData("1ABC")]
    [InlineData("A")]
    [InlineData("TQ-SD")]
    public async Task A_code_that_does_not_match_the_pattern_is_refused(string code)
    {
        await ProvinceAsync(api, "SP4");
        var body = JsonSerializer.Serialize(Schedule("month", "calendar", 0, ["SP4_X"], ["SP4-A"]));
        var before = await api.SnapshotAsync();
        await (await api.Client("admin").PutAsync($"/api/v1/schedules/{code}", Http.Json(body), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Only_an_admin_writes_a_schedule_and_an_unknown_field_is_refused()
    {
        await ProvinceAsync(api, "SP5");
        var body = Schedule("month", "calendar", 0, ["SP5_X"], ["SP5-A"]);
        var before = await api.SnapshotAsync();
        await (await api.Client("sd").PutAsJsonAsync("/api/v1/schedules/SP5_M", body, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client("reader").PutAsJsonAsync("/api/v1/schedules/SP5_M", body, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client().PutAsJsonAsync("/api/v1/schedules/SP5_M", body, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var typo = JsonSerializer.SerializeToNode(body)!.AsObject();
        typo["dueDay"] = 3;
        await (await api.Client("admin").PutAsync("/api/v1/schedules/SP5_M", Http.Json(typo.ToJsonString()), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "dueDay");
        await (await api.Client("admin").PutAsync("/api/v1/schedules/SP5_M", Http.Json(
            """{"name":{"vi":"x","en":"x"},"frequency":"month","cutoff":"calendar","dueDays":"3","indicators":["SP5_X"],"reporters":["SP5-A"]}"""), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "dueDays");
        await (await api.Client("admin").PutAsync("/api/v1/schedules/SP5_M", Http.Json(
            """{"name":{"vi":"x","en":"x"},"frequency":"month","cutoff":"calendar","dueDays":3,"validFrom":"2024-02-30","indicators":["SP5_X"],"reporters":["SP5-A"]}"""), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validFrom");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_schedule_holds_at_most_a_thousand_indicators_and_reporters()
    {
        var body = JsonSerializer.Serialize(Schedule("month", "calendar", 0,
            Enumerable.Range(0, 1001).Select(i => $"X{i}").ToArray(), Enumerable.Range(0, 1001).Select(i => $"U{i}").ToArray()));
        var before = await api.SnapshotAsync();
        var problem = await (await api.Client("admin").PutAsync("/api/v1/schedules/SP6_HUGE", Http.Json(body), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "indicators", "reporters");
        Assert.Equal("indicators has 1,001 items; a schedule holds at most 1,000.", problem.GetProperty("errors").GetProperty("indicators")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task The_seeded_schedule_is_the_source_documents_six_monthly_report_of_2020()
    {
        var s = await (await api.Client("reader").GetAsync("/api/v1/schedules/SOCIO_ECONOMIC_HALF_YEAR", Ct)).JsonAsync();
        Assert.Equal(("half", "decree-09", 6), (s.GetProperty("frequency").GetString(), s.GetProperty("cutoff").GetString(), s.GetProperty("dueDays").GetInt32()));
        Assert.Equal(("2020-01-01", "2020-12-31"), (s.GetProperty("validFrom").GetString(), s.GetProperty("validTo").GetString()));
        Assert.Equal(["GRDP_GROWTH", "INDUSTRIAL_OUTPUT", "RETAIL_SALES", "EXPORT_VALUE", "TOURIST_ARRIVALS", "BUDGET_REVENUE", "INVESTMENT_PROJECTS", "INVESTMENT_CAPITAL"],
            s.GetProperty("indicators").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["TQ-TP", "TQ-SD", "TQ-YS", "TQ-HY", "TQ-CH", "TQ-NH", "TQ-LB", "TQ-CTK", "TQ-SCT", "TQ-SVHTTDL", "TQ-STC", "TQ-SKHDT"],
            s.GetProperty("reporters").EnumerateArray().Select(i => i.GetString()));
    }
}
