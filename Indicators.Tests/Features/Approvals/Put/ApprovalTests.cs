using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Reporting;

namespace Indicators.Tests.Features.Approvals.Put;

public sealed class ApprovalTestsOnSqlite(SqliteApi api) : ApprovalTests(api), IClassFixture<SqliteApi>;

public sealed class ApprovalTestsOnSqlServer(SqlServerApi api) : ApprovalTests(api), IClassFixture<SqlServerApi>;

/// <summary>SPEC "Approval": complete reports only; while approved, every batch touching the report's values is refused
/// whole for every caller, after the 400 and 403 checks and the locks; approve and submit never interleave.</summary>
public abstract class ApprovalTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A monthly schedule of {code}_X and {code}_Y for {code}-A, {code}-B and the department {code}-D; on 10 March 2024
    /// A has sent both March figures and D the province's {code}_X: their reports are complete, B's is empty.</summary>
    private async Task SetUpAsync(string code)
    {
        await ProvinceAsync(api, code);
        await ScheduleAsync(api, code + "_M", Schedule("month", "decree-09", 2, [code + "_X", code + "_Y"], [code + "-A", code + "-B", code + "-D"]));
        api.Clock.Set(Vietnam(2024, 3, 10, 9));
        await Given.ValuesAsync(api, (code + "_X", code + "-A", "2024-M03", 5m, "estimate"), (code + "_Y", code + "-A", "2024-M03", 6m, "estimate"),
            (code + "_X", code, "2024-M03", 11m, "estimate"));
    }

    [Fact]
    public async Task Only_a_complete_report_is_approved_and_approving_it_again_changes_nothing()
    {
        await SetUpAsync("AP1");
        var before = await api.SnapshotAsync();
        var incomplete = await (await ApproveAsync(api, "AP1_M", "2024-M03", "AP1-B")).AssertProblemAsync(HttpStatusCode.Conflict, "missing");
        Assert.Equal("urn:indicators:problem:report-incomplete", incomplete.GetProperty("type").GetString());
        Assert.Equal("""["AP1_X of AP1-B","AP1_Y of AP1-B"]""", incomplete.GetProperty("errors").GetProperty("missing").GetRawText());
        Assert.Contains("2 of 2 expected values have no value", incomplete.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());

        api.Clock.Set(Vietnam(2024, 3, 18, 14));
        var approved = await ApproveAsync(api, "AP1_M", "2024-M03", "AP1-A");
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        var body = await approved.JsonAsync();
        Assert.Equal(("AP1_M", "2024-M03", "AP1-A", "test admin"),
            (body.GetProperty("schedule").GetString(), body.GetProperty("period").GetString(), body.GetProperty("orgUnit").GetString(), body.GetProperty("approvedBy").GetString()));
        Assert.Equal(Vietnam(2024, 3, 18, 14), body.GetProperty("approvedAt").GetDateTimeOffset());

        // Again, later, and with the period written another way: the same approval, nothing changed.
        api.Clock.Set(Vietnam(2024, 3, 19));
        var after = await api.SnapshotAsync();
        var again = await ApproveAsync(api, "AP1_M", "2024-m03..m03", "AP1-A");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var same = await again.JsonAsync();
        Assert.Equal(("2024-M03", "AP1-A", Vietnam(2024, 3, 18, 14)),
            (same.GetProperty("period").GetString(), same.GetProperty("orgUnit").GetString(), same.GetProperty("approvedAt").GetDateTimeOffset()));
        Assert.Equal(after, await api.SnapshotAsync());

        var status = await StatusAsync(api, "schedule=AP1_M&period=2024-M03");
        var row = Row(status, "AP1-A");
        Assert.Equal(Vietnam(2024, 3, 18, 14), row.GetProperty("approval").GetProperty("approvedAt").GetDateTimeOffset());
        Assert.Equal("test admin", row.GetProperty("approval").GetProperty("approvedBy").GetString());
        Assert.Equal(JsonValueKind.Null, Row(status, "AP1-D").GetProperty("approval").ValueKind);
        Assert.Equal(1, status.GetProperty("summary").GetProperty("approved").GetInt32());
    }

    [Fact]
    public async Task A_value_frozen_by_two_approved_reports_stays_frozen_until_both_are_reopened()
    {
        // AP9_X is the department D's to report, AP9_Z the department E's; both are approved, after AP9_X moved to E,
        // so the province's AP9_X for March is in both reports.
        await ProvinceAsync(api, "AP9");
        await Given.OrgUnitAsync(api, "AP9-E", "department", "AP9", "Sở Thử E AP9", "Test Department E AP9");
        await IndicatorAsync(api, "AP9_Z", "AP9-E");
        await ScheduleAsync(api, "AP9_M", Schedule("month", "decree-09", 2, ["AP9_X", "AP9_Z"], ["AP9-D", "AP9-E"]));
        api.Clock.Set(Vietnam(2024, 3, 10, 9));
        await Given.ValuesAsync(api, ("AP9_X", "AP9", "2024-M03", 11m, "estimate"), ("AP9_Z", "AP9", "2024-M03", 12m, "estimate"));
        Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP9_M", "2024-M03", "AP9-D")).StatusCode);
        await IndicatorAsync(api, "AP9_X", "AP9-E");
        Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP9_M", "2024-M03", "AP9-E")).StatusCode);

        var problem = await (await Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP9_X", "AP9", "2024-M03", 13m))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, problem.GetProperty("errors").GetProperty("values[0].period").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await ReopenAsync(api, "AP9_M", "2024-M03", "AP9-D")).StatusCode);
        await (await Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP9_X", "AP9", "2024-M03", 13m))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await ReopenAsync(api, "AP9_M", "2024-M03", "AP9-E")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP9_X", "AP9", "2024-M03", 13m))).StatusCode);
        Assert.Equal(13m, await CurrentValueAsync(api, "AP9_X", "AP9", "2024-M03"));
    }

    [Fact]
    public async Task While_approved_every_batch_touching_the_reports_values_is_refused_whole_for_every_caller()
    {
        await SetUpAsync("AP2");
        var district = await KeyAsync(api, "AP2-A", "submitter");
        var department = await KeyAsync(api, "AP2-D", "submitter");
        Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP2_M", "2024-M03", "AP2-A")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP2_M", "2024-M03", "AP2-D")).StatusCode);
        var before = await api.SnapshotAsync();

        // The district's own submitter.
        var problem = await (await Batches.SubmitAsync(api.Client(district), Batches.Value("AP2_X", "AP2-A", "2024-M03", 99m)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal("urn:indicators:problem:report-approved", problem.GetProperty("type").GetString());
        Assert.Contains("is in the report of AP2-A on AP2_M, approved at", problem.GetProperty("errors").GetProperty("values[0].period")[0].GetString());
        // An admin too, and the whole batch: the other report's value in it is not stored either.
        problem = await (await Batches.SubmitAsync(api.Client("admin"),
                Batches.Value("AP2_Y", "AP2-B", "2024-M03", 1m), Batches.Value("AP2_Y", "AP2-A", "2024-M03", 99m), Batches.Value("AP2_X", "AP2", "2024-M03", 99m)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "values[1].period", "values[2].period");
        Assert.Equal(2, problem.GetProperty("errors").EnumerateObject().Count());
        // The department's province-level figure is in its own approved report; a dry run meets the approval as well; so
        // does re-sending the very value that was approved.
        await (await Batches.SubmitAsync(api.Client(department), Batches.Value("AP2_X", "AP2", "2024-M03", 12m))).AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        await (await api.Client("admin").PostAsJsonAsync("/api/v1/submissions?dryRun=true",
            new { values = new[] { Batches.Value("AP2_X", "AP2-A", "2024-M03", 99m) } }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        await (await Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP2_X", "AP2-A", "2024-M03", 5m))).AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(5m, await CurrentValueAsync(api, "AP2_X", "AP2-A", "2024-M03"));
        Assert.Equal(11m, await CurrentValueAsync(api, "AP2_X", "AP2", "2024-M03"));
        Assert.Null(await CurrentValueAsync(api, "AP2_Y", "AP2-B", "2024-M03"));

        // What is not one of the approved reports' values is written as usual: another period of the same unit, the
        // unapproved report of B, a value of A that no schedule expects.
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client(district),
            Batches.Value("AP2_X", "AP2-A", "2024-M02", 1m), Batches.Value("AP2_X", "AP2-A", "2024-Q1", 1m))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP2_Y", "AP2-B", "2024-M03", 1m))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Batches.SubmitAsync(api.Client(department), Batches.Value("AP2_Y", "AP2-D", "2024-M03", 1m))).StatusCode);
        Assert.Equal(5m, await CurrentValueAsync(api, "AP2_X", "AP2-A", "2024-M03"));
    }

    [Fact]
    public async Task Checks_run_in_the_order_400_then_403_then_locks_then_approvals()
    {
        await SetUpAsync("AP3");
        var district = await KeyAsync(api, "AP3-A", "submitter");
        Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP3_M", "2024-M03", "AP3-A")).StatusCode);
        var frozen = Batches.Value("AP3_X", "AP3-A", "2024-M03", 9m);
        var before = await api.SnapshotAsync();

        // An invalid item (too many decimals) beside a frozen one: 400.
        await (await Batches.SubmitAsync(api.Client(district), frozen, Batches.Value("AP3_Y", "AP3-A", "2024-M02", 1.25m)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "values[1].value");
        // Another unit's figure beside a frozen one: 403.
        var forbidden = await (await Batches.SubmitAsync(api.Client(district), frozen, Batches.Value("AP3_Y", "AP3-B", "2024-M02", 1m)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "values[1].orgUnit");
        Assert.False(forbidden.GetProperty("errors").TryGetProperty("values[0].period", out _));

        // A lock on the period too: a submitter meets the lock first; an admin, who writes through locks, the approval.
        Assert.Equal(HttpStatusCode.Created, (await api.Client("admin").PutAsync("/api/v1/locks/2024-M03", null, Ct)).StatusCode);
        var locked = await (await Batches.SubmitAsync(api.Client(district), frozen)).AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal("urn:indicators:problem:period-locked", locked.GetProperty("type").GetString());
        var approved = await (await Batches.SubmitAsync(api.Client("admin"), frozen)).AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period");
        Assert.Equal("urn:indicators:problem:report-approved", approved.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client("admin").DeleteAsync("/api/v1/locks/2024-M03", Ct)).StatusCode);
        Assert.Equal(before["actual_revisions"], await api.CountAsync("actual_revisions"));
        Assert.Equal(5m, await CurrentValueAsync(api, "AP3_X", "AP3-A", "2024-M03"));
    }

    [Theory]
    [InlineData("AP4_M", "2024-Q5", "AP4-A", HttpStatusCode.BadRequest, "period")]
    [InlineData("AP4_M", "2024-Q1", "AP4-A", HttpStatusCode.BadRequest, "period")]
    [InlineData("AP4_M", "2024", "AP4-A", HttpStatusCode.BadRequest, "period")]
    [InlineData("AP4_M", "2024-M03%27%20OR%201%3D1", "AP4-A", HttpStatusCode.BadRequest, "period")]
    [InlineData("NO_SUCH_SCHEDULE", "2024-M03", "AP4-A", HttpStatusCode.NotFound, null)]
    [InlineData("ap4_m", "2024-M03", "AP4-A", HttpStatusCode.NotFound, null)]
    [InlineData("AP4_M", "2024-M03", "TQ-SD", HttpStatusCode.NotFound, null)]
    [InlineData("AP4_M", "2024-M03", "AP4-ZZ", HttpStatusCode.NotFound, null)]
    [InlineData("AP4_M", "2024-M03", "AP4", HttpStatusCode.NotFound, null)]
    public async Task A_report_that_is_not_one_is_refused_and_nothing_changes(string schedule, string period, string orgUnit, HttpStatusCode status, string? key)
    {
        await SetUpAsync("AP4");
        var before = await api.SnapshotAsync();
        await (await ApproveAsync(api, schedule, period, orgUnit)).AssertProblemAsync(status, key is null ? [] : [key]);
        await (await ReopenAsync(api, schedule, period, orgUnit)).AssertProblemAsync(status, key is null ? [] : [key]);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("sd")]
    [InlineData("sct")]
    public async Task Only_an_admin_approves(string key)
    {
        await SetUpAsync("AP5");
        var own = await KeyAsync(api, "AP5-A", "submitter");
        var before = await api.SnapshotAsync();
        await (await ApproveAsync(api, "AP5_M", "2024-M03", "AP5-A", key)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ApproveAsync(api, "AP5_M", "2024-M03", "AP5-A", own)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Batches_racing_an_approval_are_either_in_the_approved_figures_or_refused_never_half()
    {
        await SetUpAsync("AP6");
        // Real time from here: revisions and the approval are stamped as they commit.
        api.Clock.Reset();
        var district = await KeyAsync(api, "AP6-A", "submitter");
        var submits = Enumerable.Range(1, 24).Select(async i =>
        {
            await Task.Delay(i * 3, Ct);
            var response = await Batches.SubmitAsync(api.Client(district), Batches.Value("AP6_X", "AP6-A", "2024-M03", 1000 + i), Batches.Value("AP6_Y", "AP6-A", "2024-M03", 2000 + i));
            return (Value: i, Response: response);
        }).ToList();
        var approval = Task.Run(async () =>
        {
            await Task.Delay(30, Ct);
            return await ApproveAsync(api, "AP6_M", "2024-M03", "AP6-A");
        }, Ct);
        var results = await Task.WhenAll(submits);
        var approved = await approval;
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        var approvedAt = (await approved.JsonAsync()).GetProperty("approvedAt").GetDateTimeOffset();

        var accepted = new HashSet<decimal>();
        foreach (var (value, response) in results)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add(1000 + value);
                continue;
            }
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "values[0].period", "values[1].period");
            Assert.Equal("urn:indicators:problem:report-approved", problem.GetProperty("type").GetString());
        }

        // Every accepted batch committed before the approval: its revisions are older, both of its values are in the
        // history, and the approved figures are those of the last one to commit. No refused value was ever stored.
        var history = await (await api.Client("reader").GetAsync("/api/v1/values/history?indicator=AP6_X&orgUnit=AP6-A&period=2024-M03", Ct)).JsonAsync();
        var revisions = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(accepted.Append(5m).Order(), revisions.Select(r => r.GetProperty("value").GetDecimal()).Order());
        Assert.All(revisions, r => Assert.True(r.GetProperty("writtenAt").GetDateTimeOffset() <= approvedAt));
        var x = await CurrentValueAsync(api, "AP6_X", "AP6-A", "2024-M03");
        var y = await CurrentValueAsync(api, "AP6_Y", "AP6-A", "2024-M03");
        Assert.Equal(revisions[0].GetProperty("value").GetDecimal(), x);
        Assert.Equal(x == 5m ? 6m : x + 1000, y);

        // And from now on the figures do not move.
        await (await Batches.SubmitAsync(api.Client(district), Batches.Value("AP6_X", "AP6-A", "2024-M03", 1000m))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(x, await CurrentValueAsync(api, "AP6_X", "AP6-A", "2024-M03"));
    }

    [Fact]
    public async Task An_approval_racing_the_batch_that_completes_the_report_succeeds_only_if_the_batch_committed_first()
    {
        await ProvinceAsync(api, "AP7");
        await ScheduleAsync(api, "AP7_M", Schedule("month", "calendar", 5, ["AP7_X", "AP7_Y"], ["AP7-A"]));
        api.Clock.Reset();
        for (var month = 1; month <= 6; month++)
        {
            var period = $"2024-M{month:00}";
            await Given.ValuesAsync(api, ("AP7_X", "AP7-A", period, 1m, "estimate"));
            var submit = Batches.SubmitAsync(api.Client("admin"), Batches.Value("AP7_Y", "AP7-A", period, month));
            var approve = ApproveAsync(api, "AP7_M", period, "AP7-A");
            await Task.WhenAll(submit, approve);
            // The completing batch is never refused: the report cannot be approved before it is complete.
            Assert.Equal(HttpStatusCode.Created, submit.Result.StatusCode);
            Assert.Equal(month, await CurrentValueAsync(api, "AP7_Y", "AP7-A", period));
            if (approve.Result.StatusCode == HttpStatusCode.Created)
            {
                Assert.True(Row(await StatusAsync(api, $"schedule=AP7_M&period={period}"), "AP7-A").GetProperty("complete").GetBoolean());
            }
            else
            {
                var problem = await approve.Result.AssertProblemAsync(HttpStatusCode.Conflict, "missing");
                Assert.Equal("""["AP7_Y of AP7-A"]""", problem.GetProperty("errors").GetProperty("missing").GetRawText());
                Assert.Equal(HttpStatusCode.Created, (await ApproveAsync(api, "AP7_M", period, "AP7-A")).StatusCode);
            }
        }
    }
}
