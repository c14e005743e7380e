namespace Indicators.Api.Infrastructure.Observability;

/// <summary>Section <c>Telemetry</c>: whether the OpenTelemetry SDK records traces and metrics at all.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Unset: on when something exports (an OTLP endpoint in the standard <c>OTEL_EXPORTER_OTLP_*</c>
    /// variables, or <c>Metrics:Prometheus</c>), off otherwise — nothing is recorded for nobody. <c>true</c> records with
    /// no exporter (what bench/run's BENCH_OTEL=1 measures); <c>false</c> turns everything off whatever is set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The resource's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public string ServiceName { get; set; } = "indicators-api";
}
