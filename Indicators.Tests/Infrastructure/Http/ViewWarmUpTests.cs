using System.Net;
using Indicators.Api.Infrastructure.Http;
using Indicators.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Infrastructure.Http;

/// <summary>The service with its warm-up on, as deployed (the other fixtures turn it off so that views are computed when a test asks).</summary>
public sealed class WarmUpApi : SqliteApiWithSettings
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ReadCache:WarmUp"] = "true" };
}

/// <summary>
/// Before it reports ready, the service computes the views dashboards ask first (Infrastructure/Http/ViewWarmUp.cs,
/// Features/Reports/WarmUp.cs): through its own pipeline, as a reader, for the latest year holding values — so the
/// first dashboard after a start finds them computed.
/// </summary>
public sealed class ViewWarmUpTests(WarmUpApi api) : IClassFixture<WarmUpApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_views_dashboards_ask_first_are_computed_before_the_service_reports_ready()
    {
        var client = api.Client();
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 300 && ready != HttpStatusCode.OK; i++)
        {
            using var response = await client.GetAsync("/health/ready", Ct);
            ready = response.StatusCode;
            if (ready != HttpStatusCode.OK)
            {
                // Not ready yet: the problem says why.
                await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                await Task.Delay(100, Ct);
            }
        }
        Assert.Equal(HttpStatusCode.OK, ready);

        var warmUp = api.Services.GetRequiredService<ViewWarmUp>();
        Assert.True(warmUp.Done);
        // The seeds hold the province TQ's figures up to 2020.
        Assert.Equal("/api/v1/plan-vs-actual?period=2020&orgUnit=TQ", warmUp.Sent[0].Request);
        Assert.All(warmUp.Sent, s => Assert.Equal(200, s.Status));
        Assert.Contains(warmUp.Sent, s => s.Request.StartsWith("/api/v1/series?", StringComparison.Ordinal));

        // The first reader of a warmed view is served what the warm-up computed; another period of that year is computed
        // from the figures it loaded, without reading any from the database.
        var stats = api.Services.GetRequiredService<ViewStats>();
        var (hits, misses, blocks) = (stats.Hits, stats.Misses, stats.FigureBlocksLoaded);
        using var view = await api.Client("reader").GetAsync(warmUp.Sent[0].Request, Ct);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal((hits + 1, misses), (stats.Hits, stats.Misses));
        using var half = await api.Client("reader").GetAsync("/api/v1/plan-vs-actual?period=2020-S1&orgUnit=TQ", Ct);
        // SPEC's worked check: industrial output, province, 2020-S1: 7,966, 44.18 % of the plan.
        var row = (await half.JsonAsync()).GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("indicator").GetString() == "INDUSTRIAL_OUTPUT");
        Assert.Equal(7966m, row.GetProperty("actual").GetDecimal());
        Assert.Equal(44.18m, row.GetProperty("percentOfTarget").GetDecimal());
        Assert.Equal((misses + 1, blocks), (stats.Misses, stats.FigureBlocksLoaded));
    }
}

/// <summary>
/// The service with its warm-up on, where another host of the service starts and stops in the same process just before
/// the warm-up sends its requests (<see cref="AnotherHostFirst"/>), as fixtures and replicas do beside each other while
/// the suite runs.
/// </summary>
public sealed class WarmUpAfterAnotherHostApi : SqliteApiWithSettings
{
    public WarmUpAfterAnotherHostApi() => First = new AnotherHostFirst(this);

    internal AnotherHostFirst First { get; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ReadCache:WarmUp"] = "true" };

    // First of the warm-up's sources (they are asked in the order registered), so the other host has come and gone
    // before the reports' requests are sent.
    protected override void ConfigureServices(IServiceCollection services) => services.Insert(0, ServiceDescriptor.Singleton<IWarmUpViews>(First));
}

/// <summary>A source of no requests that starts a replica of the service (its warm-up off) and stops it again.</summary>
internal sealed class AnotherHostFirst(ApiFixture fixture) : IWarmUpViews
{
    private int asked;

    public bool Done { get; private set; }

    public async Task<IReadOnlyList<string>> RequestsAsync(CancellationToken ct)
    {
        // The replica is given this source too (the fixture's services), but never asks it: its warm-up is off.
        if (Interlocked.Exchange(ref asked, 1) == 0)
        {
            var other = fixture.StartReplica(new Dictionary<string, string?> { ["ReadCache:WarmUp"] = "false" });
            await other.DisposeAsync();
            Done = true;
        }
        return [];
    }
}

/// <summary>
/// The warm-up's requests are answered by the service they are sent in, whatever other host of it ran in the process:
/// an endpoint's first request makes FastEndpoints resolve its request binder and validator, through the current
/// request's services — else through the services of the host that mapped endpoints last, which had stopped here.
/// </summary>
public sealed class ViewWarmUpAfterAnotherHostTests(WarmUpAfterAnotherHostApi api) : IClassFixture<WarmUpAfterAnotherHostApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_warm_up_s_requests_are_answered_by_its_own_host_after_another_one_stopped()
    {
        var warmUp = api.Services.GetRequiredService<ViewWarmUp>();
        for (var i = 0; i < 300 && !warmUp.Done; i++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.True(warmUp.Done);
        Assert.True(api.First.Done);
        Assert.Equal(4, warmUp.Sent.Count);
        Assert.All(warmUp.Sent, s => Assert.Equal(200, s.Status));
    }
}
