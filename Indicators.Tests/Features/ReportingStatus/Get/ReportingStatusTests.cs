using System.Net;
using System.Text.Json;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.ReportingStatus.Get;

public sealed class ReportingStatusTestsOnSqlite(SqliteApi api) : ReportingStatusTests(api), IClassFixture<SqliteApi>;

public sealed class ReportingStatusTestsOnSqlServer(SqlServerApi api) : ReportingStatusTests(api), IClassFixture<SqlServerApi>;

/// <summary>SPEC "Report status": completeness and timeliness computed live from the stored values, on a province made
/// through the API, with the service's clock moved instead of waiting.</summary>
public abstract class ReportingStatusTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Time(JsonElement e) => e.GetDateTimeOffset();

    [Fact]
    public async Task A_monthly_decree_09_report_goes_from_open_to_on_time_late_and_overdue_as_values_arrive_and_time_passes()
    {
        await ProvinceAsync(api, "RS1");
        await ScheduleAsync(api, "RS1_MONTHLY", Schedule("month", "decree-09", 2, ["RS1_X", "RS1_Y"], ["RS1-A", "RS1-B", "RS1-C", "RS1-D"]));
        const string query = "schedule=RS1_MONTHLY&period=2024-M03";

        // 10 March: A sends both figures, B one of two.
        api.Clock.Set(Vietnam(2024, 3, 10, 10));
        await Given.ValuesAsync(api, ("RS1_X", "RS1-A", "2024-M03", 5m, "estimate"), ("RS1_Y", "RS1-A", "2024-M03", 6m, "estimate"), ("RS1_X", "RS1-B", "2024-M03", 7m, "estimate"));
        var status = await StatusAsync(api, query);
        Assert.Equal("RS1_MONTHLY", status.GetProperty("schedule").GetString());
        Assert.Equal("2024-M03", status.GetProperty("period").GetString());
        Assert.Equal("2024-03-14", status.GetProperty("cutoffDate").GetString());
        Assert.Equal("2024-03-16", status.GetProperty("dueDate").GetString());
        Assert.Equal([("RS1-A", "on-time"), ("RS1-B", "open"), ("RS1-C", "open"), ("RS1-D", "open")], Timeliness(status));
        var a = Row(status, "RS1-A");
        Assert.Equal((2, 2, true), (a.GetProperty("expected").GetInt32(), a.GetProperty("received").GetInt32(), a.GetProperty("complete").GetBoolean()));
        Assert.Equal(Vietnam(2024, 3, 10, 10), Time(a.GetProperty("completedAt")));
        Assert.Equal(JsonValueKind.Null, a.GetProperty("approval").ValueKind);
        var b = Row(status, "RS1-B");
        Assert.Equal((2, 1, false), (b.GetProperty("expected").GetInt32(), b.GetProperty("received").GetInt32(), b.GetProperty("complete").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, b.GetProperty("completedAt").ValueKind);
        Assert.Equal("""[{"indicator":"RS1_Y","orgUnit":"RS1-B"}]""", b.GetProperty("missing").GetRawText());
        // The department sends the province-level figure of the one indicator it is responsible for.
        var d = Row(status, "RS1-D");
        Assert.Equal(1, d.GetProperty("expected").GetInt32());
        Assert.Equal("""[{"indicator":"RS1_X","orgUnit":"RS1"}]""", d.GetProperty("missing").GetRawText());
        AssertSummary(status, expected: 4, complete: 1, onTime: 1, late: 0, overdue: 0, open: 3, completeness: 25m, timeliness: 25m);

        // The last hour of the due date (Vietnam time): the department is on time.
        api.Clock.Set(Vietnam(2024, 3, 16, 23));
        await Given.ValuesAsync(api, ("RS1_X", "RS1", "2024-M03", 12m, "estimate"));
        status = await StatusAsync(api, query);
        Assert.Equal([("RS1-A", "on-time"), ("RS1-B", "open"), ("RS1-C", "open"), ("RS1-D", "on-time")], Timeliness(status));
        Assert.Equal(Vietnam(2024, 3, 16, 23), Time(Row(status, "RS1-D").GetProperty("completedAt")));

        // Midnight in the province: nothing was written, but the due date has passed — open turns overdue (the cached answer
        // of the day before is not served).
        api.Clock.Set(Vietnam(2024, 3, 17));
        status = await StatusAsync(api, query);
        Assert.Equal([("RS1-A", "on-time"), ("RS1-B", "overdue"), ("RS1-C", "overdue"), ("RS1-D", "on-time")], Timeliness(status));
        AssertSummary(status, expected: 4, complete: 2, onTime: 2, late: 0, overdue: 2, open: 0, completeness: 50m, timeliness: 50m);

        // B completes the next morning: late, completed when its last value first arrived.
        api.Clock.Set(Vietnam(2024, 3, 17, 8, 30));
        await Given.ValuesAsync(api, ("RS1_Y", "RS1-B", "2024-M03", 8m, "estimate"));
        // A revises a figure: its report was complete on the 10th and stays on time.
        api.Clock.Set(Vietnam(2024, 3, 20));
        await Given.ValuesAsync(api, ("RS1_X", "RS1-A", "2024-M03", 5.5m, "official"));
        status = await StatusAsync(api, query);
        Assert.Equal([("RS1-A", "on-time"), ("RS1-B", "late"), ("RS1-C", "overdue"), ("RS1-D", "on-time")], Timeliness(status));
        Assert.Equal(Vietnam(2024, 3, 17, 8, 30), Time(Row(status, "RS1-B").GetProperty("completedAt")));
        Assert.Equal(Vietnam(2024, 3, 10, 10), Time(Row(status, "RS1-A").GetProperty("completedAt")));
        AssertSummary(status, expected: 4, complete: 3, onTime: 2, late: 1, overdue: 1, open: 0, completeness: 75m, timeliness: 50m);
        Assert.Equal(2, Row(status, "RS1-C").GetProperty("missing").GetArrayLength());

        // Another month of the same schedule knows nothing of March's values.
        status = await StatusAsync(api, "schedule=RS1_MONTHLY&period=2024-M02");
        Assert.All(Timeliness(status), r => Assert.Equal("overdue", r.Timeliness));
        AssertSummary(status, expected: 4, complete: 0, onTime: 0, late: 0, overdue: 4, open: 0, completeness: 0m, timeliness: 0m);
    }

    [Theory]
    [InlineData("quarter", "calendar", 10, "2024-Q1", "2024-03-31", "2024-04-10")]
    [InlineData("quarter", "decree-09", 0, "2024-M01..M03", "2024-03-14", "2024-03-14")]
    [InlineData("half", "decree-09", 6, "2024-S2", "2024-12-14", "2024-12-20")]
    [InlineData("nine-months", "calendar", 15, "2024-M01..M09", "2024-09-30", "2024-10-15")]
    [InlineData("nine-months", "decree-09", 1, "2024-M01..M09", "2024-09-14", "2024-09-15")]
    [InlineData("year", "calendar", 90, "2024", "2024-12-31", "2025-03-31")]
    [InlineData("year", "decree-09", 30, "2024", "2024-12-14", "2025-01-13")]
    [InlineData("month", "calendar", 5, "2024-M02", "2024-02-29", "2024-03-05")]
    public async Task Every_frequency_and_cut_off_gives_its_due_date(string frequency, string cutoff, int dueDays, string period, string cutoffDate, string dueDate)
    {
        var code = $"RS2_{frequency.Replace("-", "_", StringComparison.Ordinal).ToUpperInvariant()}_{cutoff.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()}_{dueDays}";
        await ProvinceAsync(api, "RS2");
        await ScheduleAsync(api, code, Schedule(frequency, cutoff, dueDays, ["RS2_X"], ["RS2-A", "RS2-D"]));
        api.Clock.Set(Vietnam(2025, 6, 1));
        var status = await StatusAsync(api, $"schedule={code}&period={period}");
        Assert.Equal(cutoffDate, status.GetProperty("cutoffDate").GetString());
        Assert.Equal(dueDate, status.GetProperty("dueDate").GetString());
        Assert.Equal(Period(period), status.GetProperty("period").GetString());

        // A period of every other frequency is refused, naming the period.
        var others = new[] { ("2024-M03", "month"), ("2024-Q1", "quarter"), ("2024-S1", "half"), ("2024-M01..M09", "nine-months"), ("2024", "year") };
        foreach (var (other, _) in others.Where(o => o.Item2 != frequency))
        {
            var refused = await api.Client("reader").GetAsync($"/api/v1/reporting-status?schedule={code}&period={other}", Ct);
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "period");
            Assert.Contains($"is a {frequency} schedule", problem.GetProperty("errors").GetProperty("period")[0].GetString());
        }
    }

    private static string Period(string code) => global::Indicators.Api.Domain.Period.Parse(code).Code;

    [Fact]
    public async Task A_reporter_is_expected_only_for_periods_it_exists_on_at_least_one_day_of()
    {
        await ProvinceAsync(api, "RS3");
        // The old district ends on 15 March; the new one starts on 1 April.
        await Given.OrgUnitAsync(api, "RS3-OLD", "district", "RS3", "Huyện Cũ", "Old District", validTo: "2024-03-15");
        await Given.OrgUnitAsync(api, "RS3-NEW", "district", "RS3", "Huyện Mới", "New District", validFrom: "2024-04-01");
        await ScheduleAsync(api, "RS3_MONTHLY", Schedule("month", "calendar", 10, ["RS3_X"], ["RS3-OLD", "RS3-NEW", "RS3-A"]));
        api.Clock.Set(Vietnam(2024, 6, 1));
        Assert.Equal(["RS3-OLD", "RS3-A"], Timeliness(await StatusAsync(api, "schedule=RS3_MONTHLY&period=2024-M03")).Select(r => r.OrgUnit));
        Assert.Equal(["RS3-NEW", "RS3-A"], Timeliness(await StatusAsync(api, "schedule=RS3_MONTHLY&period=2024-M04")).Select(r => r.OrgUnit));
        Assert.Equal(["RS3-OLD", "RS3-A"], Timeliness(await StatusAsync(api, "schedule=RS3_MONTHLY&period=2024-M02")).Select(r => r.OrgUnit));
        Assert.Equal(2, (await StatusAsync(api, "schedule=RS3_MONTHLY&period=2024-M04")).GetProperty("summary").GetProperty("expected").GetInt32());
    }

    [Fact]
    public async Task Filters_narrow_the_rows_and_the_summary_covers_the_org_units_asked_for()
    {
        await ProvinceAsync(api, "RS4");
        await ScheduleAsync(api, "RS4_Q", Schedule("quarter", "calendar", 10, ["RS4_X", "RS4_Y"], ["RS4-A", "RS4-B", "RS4-C", "RS4-D"]));
        api.Clock.Set(Vietnam(2024, 4, 2));
        await Given.ValuesAsync(api, ("RS4_X", "RS4-A", "2024-Q1", 1m, "estimate"), ("RS4_Y", "RS4-A", "2024-Q1", 2m, "estimate"), ("RS4_X", "RS4", "2024-Q1", 3m, "estimate"));
        api.Clock.Set(Vietnam(2024, 5, 1));

        var open = await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&timeliness=overdue");
        Assert.Equal([("RS4-B", "overdue"), ("RS4-C", "overdue")], Timeliness(open));
        AssertSummary(open, expected: 4, complete: 2, onTime: 2, late: 0, overdue: 2, open: 0, completeness: 50m, timeliness: 50m);
        Assert.Equal(["RS4-A", "RS4-B", "RS4-C"], Timeliness(await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&timeliness=overdue,on-time&orgUnit=RS4-A,RS4-B,RS4-C")).Select(r => r.OrgUnit));

        // orgUnit: the reporters named, or below the units named (RS4: the province's); the summary is theirs.
        var two = await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&orgUnit=RS4-B, RS4-D");
        Assert.Equal([("RS4-B", "overdue"), ("RS4-D", "on-time")], Timeliness(two));
        AssertSummary(two, expected: 2, complete: 1, onTime: 1, late: 0, overdue: 1, open: 0, completeness: 50m, timeliness: 50m);
        Assert.Equal(4, (await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&orgUnit=RS4")).GetProperty("rows").GetArrayLength());
        // A unit of the catalogue that reports nothing on the schedule: no rows, an empty summary.
        var none = await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&orgUnit=TQ-SD");
        Assert.Equal(0, none.GetProperty("rows").GetArrayLength());
        AssertSummary(none, expected: 0, complete: 0, onTime: 0, late: 0, overdue: 0, open: 0, completeness: null, timeliness: null);

        Assert.Equal("Test District A RS4", Row(await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1&lang=en"), "RS4-A").GetProperty("orgUnitName").GetString());
        Assert.Equal("Huyện Thử A RS4", Row(await StatusAsync(api, "schedule=RS4_Q&period=2024-Q1"), "RS4-A").GetProperty("orgUnitName").GetString());
    }

    [Fact]
    public async Task Answers_CSV_and_304_for_an_unchanged_status_like_the_other_reads()
    {
        await ProvinceAsync(api, "RS5");
        await ScheduleAsync(api, "RS5_M", Schedule("month", "decree-09", 2, ["RS5_X", "RS5_Y"], ["RS5-A", "RS5-D"]));
        api.Clock.Set(Vietnam(2024, 3, 20, 9));
        await Given.ValuesAsync(api, ("RS5_X", "RS5-A", "2024-M03", 1m, "estimate"), ("RS5_X", "RS5", "2024-M03", 1m, "estimate"));

        var csv = await api.Client("reader").GetAsync("/api/v1/reporting-status?schedule=RS5_M&period=2024-M03&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = CsvText.Parse(await csv.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["schedule", "period", "dueDate", "orgUnit", "orgUnitName", "expected", "received", "missing", "complete", "completedAt", "timeliness", "approvedAt", "approvedBy"], rows[0]);
        Assert.Equal(["RS5_M", "2024-M03", "2024-03-16", "RS5-A", "Huyện Thử A RS5", "2", "1", "RS5_Y@RS5-A", "false", "", "overdue", "", ""], rows[1]);
        Assert.Equal(["RS5_M", "2024-M03", "2024-03-16", "RS5-D", "Sở Thử RS5", "1", "1", "", "true", "2024-03-20T09:00:00.0000000+07:00", "late", "", ""],
            rows[2].Select(f => f.Contains('T', StringComparison.Ordinal) && f.Length > 20 ? DateTimeOffset.Parse(f, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(7)).ToString("O", System.Globalization.CultureInfo.InvariantCulture) : f));
        var accept = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reporting-status?schedule=RS5_M&period=2024-M03");
        accept.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal("text/csv", (await api.Client("reader").SendAsync(accept, Ct)).Content.Headers.ContentType?.MediaType);

        var first = await api.Client("reader").GetAsync("/api/v1/reporting-status?schedule=RS5_M&period=2024-M03", Ct);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reporting-status?schedule=RS5_M&period=2024-M03");
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Client("reader").SendAsync(again, Ct)).StatusCode);

        // A value arrives: the status changes, and so does its tag.
        await Given.ValuesAsync(api, ("RS5_Y", "RS5-A", "2024-M03", 1m, "estimate"));
        var changed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reporting-status?schedule=RS5_M&period=2024-M03");
        changed.Headers.IfNoneMatch.Add(tag);
        var fresh = await api.Client("reader").SendAsync(changed, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(tag, fresh.Headers.ETag);
        Assert.Equal("late", Row(await fresh.JsonAsync(), "RS5-A").GetProperty("timeliness").GetString());
    }

    [Fact]
    public async Task The_seeded_six_monthly_report_of_2020_answers_with_real_rows()
    {
        var status = await StatusAsync(api, "schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1");
        Assert.Equal("2020-06-14", status.GetProperty("cutoffDate").GetString());
        Assert.Equal("2020-06-20", status.GetProperty("dueDate").GetString());
        Assert.Equal(
            [
                ("TQ-TP", "overdue"), ("TQ-SD", "overdue"), ("TQ-YS", "overdue"), ("TQ-HY", "overdue"), ("TQ-CH", "overdue"), ("TQ-NH", "overdue"),
                ("TQ-LB", "overdue"), ("TQ-CTK", "late"), ("TQ-SCT", "late"), ("TQ-SVHTTDL", "late"), ("TQ-STC", "late"), ("TQ-SKHDT", "late"),
            ],
            Timeliness(status));
        // Sơn Dương's three figures from the source document make its report partial.
        var sd = Row(status, "TQ-SD");
        Assert.Equal((8, 3), (sd.GetProperty("expected").GetInt32(), sd.GetProperty("received").GetInt32()));
        Assert.Equal(["GRDP_GROWTH", "EXPORT_VALUE", "TOURIST_ARRIVALS", "INVESTMENT_PROJECTS", "INVESTMENT_CAPITAL"],
            sd.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("indicator").GetString()));
        // The Department of Industry and Trade sent the province's industrial output, retail sales and exports: complete, but
        // stored when the service was seeded, years after the due date.
        var sct = Row(status, "TQ-SCT");
        Assert.Equal((3, 3, true), (sct.GetProperty("expected").GetInt32(), sct.GetProperty("received").GetInt32(), sct.GetProperty("complete").GetBoolean()));
        Assert.True(Time(sct.GetProperty("completedAt")) > Vietnam(2020, 6, 21));
        AssertSummary(status, expected: 12, complete: 5, onTime: 0, late: 5, overdue: 7, open: 0, completeness: 41.67m, timeliness: 0m);
    }

    [Theory]
    [InlineData("period=2020-S1", "schedule")]
    [InlineData("schedule=&period=2020-S1", "schedule")]
    [InlineData("schedule=NO_SUCH_SCHEDULE&period=2020-S1", "schedule")]
    [InlineData("schedule=socio_economic_half_year&period=2020-S1", "schedule")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR", "period")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S3", "period")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-Q1", "period")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2021-S1", "period")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-XX", "orgUnit")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&timeliness=late,tardy", "timeliness")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&format=xlsx", "format")]
    [InlineData("schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&lang=fr", "lang")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string key)
    {
        var before = await api.SnapshotAsync();
        await (await api.Client("reader").GetAsync("/api/v1/reporting-status?" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, key);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    private static void AssertSummary(JsonElement status, int expected, int complete, int onTime, int late, int overdue, int open, decimal? completeness, decimal? timeliness)
    {
        var s = status.GetProperty("summary");
        Assert.Equal(
            (expected, complete, onTime, late, overdue, open, completeness, timeliness),
            (s.GetProperty("expected").GetInt32(), s.GetProperty("complete").GetInt32(), s.GetProperty("onTime").GetInt32(), s.GetProperty("late").GetInt32(),
                s.GetProperty("overdue").GetInt32(), s.GetProperty("open").GetInt32(), Number(s.GetProperty("completenessPercent")), Number(s.GetProperty("timelinessPercent"))));
    }

    private static decimal? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
}
