using System.Globalization;
using System.Net;
using System.Text.Json;
using Indicators.Api.Domain;
using Indicators.Api.Features.Reports;
using Indicators.Api.Features.Submissions.Submit;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Batches;
using Indicators.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Features.Reports;

public sealed class ViewFreshnessTestsOnSqlite(SqliteApi api) : ViewFreshnessTests(api), IClassFixture<SqliteApi>;

public sealed class ViewFreshnessTestsOnSqlServer(SqlServerApi api) : ViewFreshnessTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The freshness rules of the read views (issue 13; Infrastructure/Database/ChangeFeed.cs, Infrastructure/Http/ReadCache.cs,
/// Features/Reports/FigureCache.cs): a write makes the service recompute only what depends on the figures it changed;
/// a write that rolls back changes nothing that is cached; a replica that fell behind the change log starts afresh and
/// answers right; and on two replicas of one database under concurrent writes, no read sent after a write's 201 misses it.
/// Observed through the counters of <see cref="ViewStats"/>.
/// </summary>
public abstract class ViewFreshnessTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_to_one_key_recomputes_the_views_that_show_it_and_nothing_else()
    {
        await Given.ProvinceAsync(api, "VF1");
        await Given.IndicatorAsync(api, "VF1_X", "flow");
        await Given.IndicatorAsync(api, "VF1_Y", "flow");
        await Given.ValuesAsync(api,
            ("VF1_X", "VF1-A", "2020-M01", 10m, "official"), ("VF1_X", "VF1-A", "2020-M02", 20m, "official"), ("VF1_X", "VF1-A", "2020-M03", 30m, "official"),
            ("VF1_X", "VF1-B", "2020-M01", 1m, "official"), ("VF1_X", "VF1-B", "2020-M02", 2m, "official"), ("VF1_X", "VF1-B", "2020-M03", 3m, "official"),
            ("VF1_Y", "VF1-A", "2020-Q1", 5m, "official"), ("VF1_Y", "VF1-B", "2020-Q1", 6m, "official"),
            ("VF1_X", "VF1-A", "2018-Q1", 7m, "official"), ("VF1_X", "VF1-B", "2018-Q1", 8m, "official"));
        var shows = new[]
        {
            "/api/v1/plan-vs-actual?period=2020-Q1&indicator=VF1_X&orgUnit=VF1&children=true",
            // The year after: its previousYear is 2020-Q1.
            "/api/v1/plan-vs-actual?period=2021-Q1&indicator=VF1_X&orgUnit=VF1",
        };
        var others = new[]
        {
            "/api/v1/plan-vs-actual?period=2020-Q1&indicator=VF1_Y&orgUnit=VF1&children=true",
            "/api/v1/series?indicator=VF1_X&orgUnit=VF1-B&from=2020-M01&to=2020-M03&periodType=month",
            "/api/v1/plan-vs-actual?period=2018-Q1&indicator=VF1_X&orgUnit=VF1",
        };
        var reader = api.Client("reader");
        var before = new Dictionary<string, string>();
        foreach (var url in shows.Concat(others))
        {
            before[url] = await GetAsync(reader, url);
        }
        Assert.Equal(66m, Figure(before[shows[0]], "actual"));
        Assert.Equal(66m, Figure(before[shows[1]], "previousYear"));
        var stats = api.Services.GetRequiredService<ViewStats>();
        var (hits, misses, blocks, resolved) = (stats.Hits, stats.Misses, stats.FigureBlocksLoaded, stats.FiguresResolved);

        await Given.ValuesAsync(api, ("VF1_X", "VF1-A", "2020-M02", 25m, "official"));

        var after = new Dictionary<string, string>();
        foreach (var url in shows.Concat(others))
        {
            after[url] = await GetAsync(reader, url);
        }
        Assert.Equal(71m, Figure(after[shows[0]], "actual"));
        Assert.Equal(71m, Figure(after[shows[1]], "previousYear"));
        Assert.All(others, url => Assert.Equal(before[url], after[url]));
        // The two views that show the write were computed again; the three others were served as they were.
        Assert.Equal(2, stats.Misses - misses);
        Assert.Equal(3, stats.Hits - hits);
        // Of the figures, only the block the write changed was read again ((VF1_X, VF1-A, 2020): the first view read it,
        // the second found it), and only its 2020-Q1 actual resolved again: its parent's and sibling's were kept.
        Assert.Equal(1, stats.FigureBlocksLoaded - blocks);
        Assert.Equal(1, stats.FiguresResolved - resolved);
    }

    [Fact]
    public async Task A_write_that_rolls_back_leaves_what_is_cached_untouched()
    {
        await Given.ProvinceAsync(api, "VF2");
        await Given.IndicatorAsync(api, "VF2_X", "flow");
        await Given.ValuesAsync(api, ("VF2_X", "VF2-A", "2020-M01", 10m, "official"), ("VF2_X", "VF2-B", "2020-M01", 1m, "official"));
        const string url = "/api/v1/plan-vs-actual?period=2020-M01&indicator=VF2_X&orgUnit=VF2&children=true";
        var reader = api.Client("reader");
        using var first = await reader.GetAsync(url, Ct);
        var body = await first.Content.ReadAsStringAsync(Ct);
        Assert.Equal(11m, Figure(body, "actual"));
        var stats = api.Services.GetRequiredService<ViewStats>();
        var (hits, misses, blocks) = (stats.Hits, stats.Misses, stats.FigureBlocksLoaded);

        // The write fails after its version bump and its change-log rows, just before the commit.
        await Assert.ThrowsAsync<InvalidOperationException>(() => api.Services.GetRequiredService<RevisionedWriter>().WriteAsync(
            SubmissionWriter.Values, [new BatchRow(0, "VF2_X", "VF2-A", Period.Parse("2020-M01"), "", 999m, "official", null)],
            new Caller("k", "test", "TQ", Roles.Admin),
            new BatchOptions { BeforeCommit = (_, _, _) => throw new InvalidOperationException("no commit") }, Ct));

        using var again = await reader.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(body, await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal((hits + 1, misses, blocks), (stats.Hits, stats.Misses, stats.FigureBlocksLoaded));
    }

    [Theory]
    // The replica reads the log and finds the versions it missed pruned.
    [InlineData("1000")]
    // The replica is further behind than the log keeps: it does not read the log at all.
    [InlineData("2")]
    public async Task A_replica_that_missed_more_than_the_log_holds_starts_afresh_and_answers_right(string retainOnTheReplica)
    {
        var code = "VF3" + retainOnTheReplica;
        await Given.ProvinceAsync(api, code);
        await Given.IndicatorAsync(api, code + "_X", "flow");
        await Given.ValuesAsync(api, (code + "_X", code + "-A", "2020-M01", 10m, "official"), (code + "_X", code + "-B", "2020-M01", 1m, "official"));
        var url = $"/api/v1/plan-vs-actual?period=2020-M01&indicator={code}_X&orgUnit={code}&children=true";
        await using var replica = api.StartReplica(new Dictionary<string, string?> { ["ChangeLog:RetainVersions"] = retainOnTheReplica });
        var reader = replica.Client("reader");
        Assert.Equal(11m, Figure(await GetAsync(reader, url), "actual"));
        var stats = replica.Services.GetRequiredService<ViewStats>();
        var (resets, misses) = (stats.Resets, stats.Misses);

        // Four writes on the other replica, then its log keeps only the last two versions.
        for (var i = 1; i <= 4; i++)
        {
            await Given.ValuesAsync(api, (code + "_X", code + "-A", "2020-M01", 10m + i, "official"));
        }
        await using (var pruning = api.StartReplica(new Dictionary<string, string?> { ["ChangeLog:RetainVersions"] = "2" }))
        {
            Assert.True(await pruning.Services.GetRequiredService<ChangeLogPruner>().PruneAsync(Ct) > 0);
        }

        var answer = await GetAsync(reader, url);
        Assert.Equal(15m, Figure(answer, "actual"));
        Assert.Equal(await GetAsync(api.Client("reader"), url), answer);
        Assert.Equal(resets + 1, stats.Resets);
        Assert.Equal(misses + 1, stats.Misses);
    }

    [Fact]
    public async Task On_two_replicas_under_concurrent_writes_no_read_sent_after_a_201_misses_the_write()
    {
        await Given.ProvinceAsync(api, "VF4");
        await Given.IndicatorAsync(api, "VF4_X", "flow");
        // The province's 2020-Q1 is 1064 + k and the series' 2020-M02 point 1020 + k after the write of k.
        await Given.ValuesAsync(api,
            ("VF4_X", "VF4-A", "2020-M01", 1m, "official"), ("VF4_X", "VF4-A", "2020-M02", 1000m, "official"), ("VF4_X", "VF4-A", "2020-M03", 3m, "official"),
            ("VF4_X", "VF4-B", "2020-M01", 10m, "official"), ("VF4_X", "VF4-B", "2020-M02", 20m, "official"), ("VF4_X", "VF4-B", "2020-M03", 30m, "official"));
        var views = new (string Url, string Field, string? Marker, decimal AtZero)[]
        {
            ("/api/v1/plan-vs-actual?period=2020-Q1&indicator=VF4_X&orgUnit=VF4&children=true", "actual", null, 1064m),
            ("/api/v1/series?indicator=VF4_X&orgUnit=VF4&from=2020-M01&to=2020-M03&periodType=month", "actual", "2020-M02", 1020m),
        };
        await using var second = api.StartReplica();
        var replicas = new Func<string, HttpClient>[] { api.Client, second.Client };
        const int writes = 24;
        long acknowledged = 0;
        var done = false;
        var stale = new List<string>();
        var reads = 0;

        var readers = Enumerable.Range(0, 6).Select(n => Task.Run(async () =>
        {
            var client = replicas[n % 2]("reader");
            var (url, field, marker, atZero) = views[n / 2 % 2];
            while (!Volatile.Read(ref done))
            {
                var seen = Interlocked.Read(ref acknowledged);
                var figure = Figure(await GetAsync(client, url), field, marker);
                Interlocked.Increment(ref reads);
                if (figure - atZero < seen)
                {
                    lock (stale)
                    {
                        stale.Add($"replica {n % 2}, {url}: batch {seen} acknowledged before the request, the answer shows {figure - atZero}");
                    }
                }
            }
        }, Ct)).ToList();

        for (var k = 1; k <= writes; k++)
        {
            var response = await Batches.SubmitAsync(replicas[k % 2]("admin"), Batches.Value("VF4_X", "VF4-A", "2020-M02", 1000m + k, "official"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Interlocked.Exchange(ref acknowledged, k);
            await Task.Delay(15, Ct);
        }
        Volatile.Write(ref done, true);
        await Task.WhenAll(readers);

        Assert.Empty(stale);
        Assert.True(reads >= writes, $"only {reads} reads");
        foreach (var replica in replicas)
        {
            Assert.Equal(1064m + writes, Figure(await GetAsync(replica("reader"), views[0].Url), "actual"));
            Assert.Equal(1020m + writes, Figure(await GetAsync(replica("reader"), views[1].Url), "actual", "2020-M02"));
        }
    }

    [Fact]
    public async Task The_count_of_figures_held_stays_what_the_cache_holds_when_blocks_are_trimmed_under_the_views_using_them()
    {
        // A bound so small that each view's own blocks are trimmed as soon as they are kept, while the view goes on
        // resolving actuals from them: those resolutions must not count (they used to, and the count only grew until
        // every publish emptied the cache).
        await Given.ProvinceAsync(api, "VF6");
        await Given.IndicatorAsync(api, "VF6_X", "flow");
        await Given.ValuesAsync(api, ("VF6_X", "VF6-A", "2020-M01", 10m, "official"), ("VF6_X", "VF6-B", "2020-M01", 1m, "official"),
            ("VF6_X", "VF6-A", "2021-M01", 20m, "official"), ("VF6_X", "VF6-B", "2021-M01", 2m, "official"));
        await using var replica = api.StartReplica(new Dictionary<string, string?> { ["ReadCache:MaxFigures"] = "2" });
        var reader = replica.Client("reader");
        var figures = replica.Services.GetRequiredService<FigureCache>();

        foreach (var (query, expected) in new[]
                 {
                     ("period=2020-M01&orgUnit=VF6&children=true", 11m), ("period=2021-M01&orgUnit=VF6&children=true", 22m),
                     ("period=2020-M01&orgUnit=VF6-A", 10m), ("period=2021-M01&orgUnit=VF6-B", 2m),
                     ("period=2020-M01&orgUnit=VF6-B", 1m), ("period=2021-M01&orgUnit=VF6-A", 20m),
                     ("period=2020-M01&orgUnit=VF6", 11m), ("period=2021-M01&orgUnit=VF6", 22m),
                 })
        {
            Assert.Equal(expected, Figure(await GetAsync(reader, $"/api/v1/plan-vs-actual?indicator=VF6_X&{query}"), "actual"));
            Assert.Equal(figures.CountHeld(), figures.Held);
        }
    }

    [Fact]
    public async Task With_the_read_cache_off_every_view_is_computed_from_the_database()
    {
        await Given.ProvinceAsync(api, "VF5");
        await Given.IndicatorAsync(api, "VF5_X", "flow");
        await Given.ValuesAsync(api, ("VF5_X", "VF5-A", "2020-M01", 10m, "official"), ("VF5_X", "VF5-B", "2020-M01", 1m, "official"));
        const string url = "/api/v1/plan-vs-actual?period=2020-M01&indicator=VF5_X&orgUnit=VF5&children=true";
        await using var replica = api.StartReplica(new Dictionary<string, string?> { ["ReadCache:Enabled"] = "false" });
        var reader = replica.Client("reader");
        var stats = replica.Services.GetRequiredService<ViewStats>();

        Assert.Equal(11m, Figure(await GetAsync(reader, url), "actual"));
        var blocks = stats.FigureBlocksLoaded;
        Assert.Equal(11m, Figure(await GetAsync(reader, url), "actual"));
        await Given.ValuesAsync(api, ("VF5_X", "VF5-A", "2020-M01", 12m, "official"));
        Assert.Equal(13m, Figure(await GetAsync(reader, url), "actual"));

        // Nothing kept: each request read its blocks (the province's two years, its two children's year; the targets) again.
        Assert.True(blocks > 0);
        Assert.Equal(blocks * 3, stats.FigureBlocksLoaded);
        Assert.Equal(0, stats.Hits);
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>A figure of the first row of a plan-vs-actual answer, or of the series point of the period <paramref name="point"/>.</summary>
    private static decimal Figure(string body, string field, string? point = null)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var item = point is null
            ? root.GetProperty("rows")[0]
            : root.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("period").GetString() == point);
        return decimal.Parse(item.GetProperty(field).GetRawText(), CultureInfo.InvariantCulture);
    }
}
