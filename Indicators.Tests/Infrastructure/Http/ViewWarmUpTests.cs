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
