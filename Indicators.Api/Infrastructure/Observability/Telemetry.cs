using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Indicators.Api.Infrastructure.Observability;

/// <summary>
/// The service's own spans and instruments (SPEC "Observability"), under one name: <c>Indicators.Api</c> is both the
/// ActivitySource and the Meter that <see cref="TelemetrySetup"/> subscribes OpenTelemetry to. Static, like the
/// runtime's own sources: code anywhere records through <see cref="BatchTelemetry"/> and <see cref="ViewTelemetry"/>
/// without being handed anything, and while nothing listens a span is never created and a measurement costs a check.
/// </summary>
internal static class Telemetry
{
    public const string Name = "Indicators.Api";

    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Actual values in accepted (stored) submissions, by <c>outcome</c>: created (a key's first revision),
    /// updated (a new revision of a key), unchanged (identical to the current revision: nothing written).</summary>
    public static readonly Counter<long> ValuesWritten = Meter.CreateCounter<long>(
        "indicators.values.written", "{value}",
        "Actual values in stored submissions, by outcome: created, updated, unchanged.");

    /// <summary>Targets in stored target batches, by <c>outcome</c> as for values.</summary>
    public static readonly Counter<long> TargetsWritten = Meter.CreateCounter<long>(
        "indicators.targets.written", "{target}",
        "Targets in stored target batches, by outcome: created, updated, unchanged.");

    /// <summary>Batch requests (POST /api/v1/submissions, PUT /api/v1/targets) by <c>result</c>.</summary>
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "indicators.batches", "{batch}",
        "Batch requests (submissions and targets) by result: accepted, invalid, forbidden, conflict, replayed.");

    /// <summary>How long computing a read view took (not serving it from the read cache), by <c>view</c>.</summary>
    public static readonly Histogram<double> ViewDuration = Meter.CreateHistogram(
        "indicators.view.duration", "s",
        "Time to compute a read view (plan-vs-actual, series) when it is not served from the read cache, by view.",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            // The buckets OpenTelemetry's HTTP conventions use for http.server.request.duration: one scale for both.
            HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
        });

    /// <summary>Read-view requests the read cache answered (hit) or had computed (miss), by <c>result</c>.</summary>
    public static readonly Counter<long> ViewCache = Meter.CreateCounter<long>(
        "indicators.view.cache", "{request}",
        "Read-view requests by read-cache result: hit (served from memory), miss (computed).");

    /// <summary>The current span (the request's, in middleware), when traces are recorded: tags are set only where they
    /// go somewhere. ASP.NET Core makes a request Activity even with no listener (for the logs' trace ids), and such an
    /// Activity takes tags too: without the SDK (no listener on our source) nothing is added to it.</summary>
    public static Activity? RecordedCurrent =>
        Source.HasListeners() && Activity.Current is { IsAllDataRequested: true } current ? current : null;
}
