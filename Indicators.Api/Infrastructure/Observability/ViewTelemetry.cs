using System.Diagnostics;

namespace Indicators.Api.Infrastructure.Observability;

/// <summary>
/// Read views in traces and metrics (SPEC "Observability"): whether the read cache answered (<see cref="CacheHit"/>,
/// <see cref="CacheMiss"/>, called by Infrastructure/Http/ReadCache.cs), and a span and a duration per computation
/// (<see cref="Start"/>, called by the view's endpoint).
/// </summary>
internal static class ViewTelemetry
{
    /// <summary>Where <see cref="CacheMiss"/> leaves the cache result for the computation's span.</summary>
    internal static readonly object CacheItem = new();

    public static void CacheHit(HttpContext context)
    {
        Telemetry.ViewCache.Add(1, new KeyValuePair<string, object?>("result", "hit"));
        Telemetry.RecordedCurrent?.SetTag("indicators.view.cache", "hit");
    }

    /// <summary>The view is about to be computed for the cache; its span will say so.</summary>
    public static void CacheMiss(HttpContext context)
    {
        Telemetry.ViewCache.Add(1, new KeyValuePair<string, object?>("result", "miss"));
        if (Telemetry.Source.HasListeners())
        {
            context.Items[CacheItem] = "miss";
        }
        Telemetry.RecordedCurrent?.SetTag("indicators.view.cache", "miss");
    }

    /// <summary>Starts timing the computation of <paramref name="view"/> (and its span, when traces are recorded).</summary>
    public static ViewSpan Start(HttpContext context, string view) => new(context, view);
}

/// <summary>One view computation: <c>view &lt;name&gt;</c> span with the view, its rows and the cache result (miss when
/// the read cache asked for it, none when the cache is off or skipped the request), and <c>indicators.view.duration</c>.</summary>
internal readonly struct ViewSpan : IDisposable
{
    private readonly Activity? span;
    private readonly long started;
    private readonly string view;

    public ViewSpan(HttpContext context, string view)
    {
        this.view = view;
        span = Telemetry.Source.HasListeners() ? Telemetry.Source.StartActivity("view " + view) : null;
        if (span is not null)
        {
            span.SetTag("indicators.view.name", view);
            span.SetTag("indicators.view.cache", context.Items.TryGetValue(ViewTelemetry.CacheItem, out var result) ? result : "none");
        }
        started = Telemetry.ViewDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
    }

    public void Rows(int rows) => span?.SetTag("indicators.view.rows", rows);

    public void Dispose()
    {
        if (started != 0)
        {
            Telemetry.ViewDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("view", view));
        }
        span?.Dispose();
    }
}
