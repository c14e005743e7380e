using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Observability;
using Indicators.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Indicators.Tests.Infrastructure.Observability;

/// <summary>
/// SPEC "Observability" with the OpenTelemetry SDK off (the default, when nothing exports): an incoming W3C
/// <c>traceparent</c> is still continued — a problem's <c>traceId</c> is the trace's id, and the JSON log lines written
/// while serving carry its trace and span ids — and nothing else is recorded or served.
/// </summary>
public sealed class TraceContextTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/plan-vs-actual?period=2020-M13", "period")]
    [InlineData("/api/v1/values?year=20", "year")]
    public async Task A_problem_carries_the_trace_id_of_the_callers_traceparent(string url, string field)
    {
        var trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        var problem = await (await api.Client("reader").SendAsync(request, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(trace.ToHexString(), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Without_a_traceparent_a_problem_still_names_a_trace_of_its_own()
    {
        var first = await (await api.Client().GetAsync("/api/v1/org-units", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var second = await (await api.Client().GetAsync("/api/v1/org-units", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Matches("^[0-9a-f]{32}$", first.GetProperty("traceId").GetString());
        Assert.NotEqual(first.GetProperty("traceId").GetString(), second.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Metrics_and_traces_are_off_unless_something_exports_them()
    {
        var response = await api.Client().GetAsync("/metrics", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(api.Services.GetService<MeterProvider>());
        Assert.Null(api.Services.GetService<TracerProvider>());
        Assert.False(api.Services.GetRequiredService<TelemetryPlan>().Enabled);
    }

    [Theory]
    [InlineData(new string[0], false, false, false)]
    [InlineData(new[] { "Metrics:Prometheus=true" }, true, false, false)]
    [InlineData(new[] { "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317" }, false, true, true)]
    [InlineData(new[] { "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://collector:4318/v1/traces" }, false, true, false)]
    [InlineData(new[] { "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://collector:4318/v1/metrics" }, false, false, true)]
    [InlineData(new[] { "Telemetry:Enabled=false", "Metrics:Prometheus=true", "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317" }, false, false, false)]
    public async Task The_sdk_runs_when_something_exports_and_exports_where_it_is_told(string[] settings, bool prometheus, bool otlpTraces, bool otlpMetrics)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p[1])));
        builder.AddIndicators(command: false);
        await using var app = builder.Build();

        var plan = app.Services.GetRequiredService<TelemetryPlan>();
        Assert.Equal((prometheus || otlpTraces || otlpMetrics, prometheus, otlpTraces, otlpMetrics), (plan.Enabled, plan.Prometheus, plan.OtlpTraces, plan.OtlpMetrics));
        Assert.Equal(plan.Enabled, app.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(plan.Enabled, app.Services.GetService<MeterProvider>() is not null);
    }

    /// <summary>The console lines of the Production configuration (the JSON console formatter, with the host's scopes),
    /// kept for the test instead of written to the console.</summary>
    private sealed class JsonLines : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Lines { get; } = new();

        public ConsoleFormatter? Formatter { get; set; }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(JsonLines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (owner.Formatter is not { } json)
                {
                    return;
                }
                using var writer = new StringWriter();
                json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner.scopes, writer);
                owner.Lines.Enqueue(writer.ToString());
            }
        }
    }

    [Fact]
    public async Task The_json_log_lines_of_a_request_carry_its_trace_and_span_ids_and_keep_their_shape()
    {
        var capture = new JsonLines();
        await using var host = api.Factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Logging:LogLevel:Default", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
            b.ConfigureLogging(l => l.AddProvider(capture));
        });
        capture.Formatter = host.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var trace = ActivityTraceId.CreateRandom();
        var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/org-units/NOPE");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        await client.SendAsync(request, Ct);

        var lines = capture.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.TryGetProperty("Scopes", out var s) && s.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("TraceId", out var t) && t.GetString() == trace.ToHexString()))
            .ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            // The fields the Production console has always written, and the scopes: nothing else.
            var names = line.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(["EventId", "LogLevel", "Category", "Message", "State", "Scopes"], names.Where(n => n != "Exception"));
            var activity = line.GetProperty("Scopes").EnumerateArray().First(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("TraceId", out _));
            Assert.Matches("^[0-9a-f]{16}$", activity.GetProperty("SpanId").GetString());
        }
    }
}
