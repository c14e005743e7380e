using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Indicators.Api.Infrastructure.Observability;

/// <summary>What the configuration asks of OpenTelemetry, decided once at composition (the SDK's providers and the
/// middleware exist or not; <see cref="TelemetryOptions"/> and <see cref="MetricsOptions"/> say how it is decided).</summary>
internal sealed record TelemetryPlan(bool Enabled, bool Prometheus, bool OtlpTraces, bool OtlpMetrics, string ServiceName)
{
    public static TelemetryPlan From(IConfiguration configuration)
    {
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        bool Set(string name) => !string.IsNullOrWhiteSpace(configuration[name]);
        // The OTLP exporter's own variables (the OpenTelemetry specification's): one endpoint for every signal, or one per signal.
        var traces = Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var metricsOtlp = Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        var enabled = telemetry.Enabled ?? (traces || metricsOtlp || metrics.Prometheus);
        return new TelemetryPlan(
            enabled,
            enabled && metrics.Prometheus,
            enabled && traces,
            enabled && metricsOtlp,
            configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : telemetry.ServiceName);
    }
}

/// <summary>
/// OpenTelemetry for the service (SPEC "Observability"). Traces: every request (ASP.NET Core's instrumentation, which
/// continues an incoming W3C <c>traceparent</c>), every SQL Server command (SqlClient's instrumentation), and our own
/// spans for batch writes and view computations (<see cref="Telemetry"/>). SQLite has no OpenTelemetry instrumentation
/// (Microsoft.Data.Sqlite emits no diagnostics), so its commands show up only inside those spans. Metrics: ASP.NET
/// Core's (http.server.request.duration among them) and ours. Export: OTLP when the standard variables name an
/// endpoint; Prometheus text at /metrics when Metrics:Prometheus is true.
/// </summary>
internal static class TelemetrySetup
{
    public const string ScrapePath = "/metrics";

    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration the plan is read from.</param>
    /// <param name="command">A command line run (migrate, keys …) serves nothing and records nothing, whatever is set
    /// (the migrate Job shares the service's ConfigMap).</param>
    public static IServiceCollection AddIndicatorsTelemetry(this IServiceCollection services, IConfiguration configuration, bool command = false)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), "Telemetry:ServiceName must not be empty.")
            .ValidateOnStart();
        var plan = command ? new TelemetryPlan(false, false, false, false, "") : TelemetryPlan.From(configuration);
        services.AddSingleton(plan);
        if (!plan.Enabled)
        {
            return services;
        }
        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(plan.ServiceName, serviceVersion: version))
            .WithTracing(t =>
            {
                t.AddSource(Telemetry.Name);
                t.AddAspNetCoreInstrumentation(o =>
                {
                    // Probes, scrapes and the Swagger UI's files are not what anyone traces; they are still counted in the metrics.
                    o.Filter = context => !IsOperational(context.Request.Path);
                    o.RecordException = true;
                });
                t.AddSqlClientInstrumentation();
                if (plan.OtlpTraces)
                {
                    t.AddOtlpExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Telemetry.Name);
                // ASP.NET Core's own meters: requests (http.server.request.duration, active requests) and Kestrel's
                // connections. Not its routing, authentication and authorization meters, which would record on every
                // request too for figures nobody asked for.
                m.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (plan.Prometheus)
                {
                    // Every scrape reads the counters as they are (the exporter's default keeps an answer for 300 ms).
                    m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
                if (plan.OtlpMetrics)
                {
                    m.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary>/metrics, when Prometheus is on: before authentication and the rate limiter, anonymous like the health
    /// probes (whoever reaches the port may read it — README: keep it off the public ingress).</summary>
    public static WebApplication UseIndicatorsMetricsEndpoint(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetryPlan>().Prometheus)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(ScrapePath);
        }
        return app;
    }

    /// <summary><c>indicators.batches</c>: counted from each batch endpoint's answer (<see cref="BatchResults"/>).</summary>
    public static WebApplication UseIndicatorsBatchResults(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetryPlan>().Enabled)
        {
            app.UseMiddleware<BatchResults>();
        }
        return app;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(ScrapePath) || path.StartsWithSegments("/swagger");
}
