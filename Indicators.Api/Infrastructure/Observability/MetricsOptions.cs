namespace Indicators.Api.Infrastructure.Observability;

/// <summary>Section <c>Metrics</c>: how metrics leave the service besides OTLP.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Prometheus text at <c>GET /metrics</c>: anonymous like the health probes, so off by default and kept off
    /// the public ingress (README "Observability").</summary>
    public bool Prometheus { get; set; }
}
