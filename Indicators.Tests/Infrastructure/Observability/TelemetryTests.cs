using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Indicators.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Indicators.Tests.Infrastructure.Observability;

/// <summary>The instruments are process-wide (one Meter, one ActivitySource): these tests read exact counts, so they run
/// alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// SPEC "Observability" with the OpenTelemetry SDK on: Prometheus text at /metrics (Metrics:Prometheus=true) and an
/// in-memory trace exporter standing in for a collector. Known traffic in, exact counts and the expected spans out.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests(TelemetryTests.Api api) : IClassFixture<TelemetryTests.Api>
{
    public sealed class Api : SqliteApiWithSettings
    {
        public ConcurrentQueue<Activity> Spans { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Metrics:Prometheus"] = "true" };

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new SpanList(Spans)));
    }

    /// <summary>The exporter wants an ICollection; the spans arrive from the request threads.</summary>
    private sealed class SpanList(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every sample of the Prometheus text, keyed by name and labels as written (<c>name{a="x",b="y"}</c>).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        // Anonymous: no key, like the health probes.
        var response = await api.Client().GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync(Ct)).Split('\n'))
        {
            var m = Regex.Match(line, @"^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)");
            if (m.Success && !line.StartsWith('#'))
            {
                samples[Regex.Replace(m.Groups[1].Value, @",?otel_scope_[a-z_]+=""[^""]*""", "").Replace("{,", "{").Replace("{}", "")] =
                    double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        return samples;
    }

    private static double Delta(Dictionary<string, double> before, Dictionary<string, double> after, string sample) =>
        after.GetValueOrDefault(sample) - before.GetValueOrDefault(sample);

    private static HttpContent Values(params string[] items) => Support.Http.Json($$"""{"values":[{{string.Join(",", items)}}]}""");

    private static string Item(string indicator, string orgUnit, string period, string value, string status = "estimate") =>
        $$"""{"indicator":"{{indicator}}","orgUnit":"{{orgUnit}}","period":"{{period}}","value":{{value}},"status":"{{status}}"}""";

    [Fact]
    public async Task Known_batches_and_reads_are_counted_exactly_at_metrics()
    {
        var before = await ScrapeAsync();
        var sd = api.Client("sd");
        var admin = api.Client("admin");

        // accepted: 3 created; then 1 updated and 2 unchanged.
        Assert.Equal(HttpStatusCode.Created, (await sd.PostAsync("/api/v1/submissions", Values(
            Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M01", "10.5"), Item("RETAIL_SALES", "TQ-SD", "2019-M01", "20"), Item("EXPORT_VALUE", "TQ-SD", "2019-M01", "1.25")), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await sd.PostAsync("/api/v1/submissions", Values(
            Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M01", "10.6"), Item("RETAIL_SALES", "TQ-SD", "2019-M01", "20"), Item("EXPORT_VALUE", "TQ-SD", "2019-M01", "1.25")), Ct)).StatusCode);
        // accepted: a dry run (written nothing, so no values counted).
        Assert.Equal(HttpStatusCode.OK, (await sd.PostAsync("/api/v1/submissions?dryRun=true", Values(Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M02", "1")), Ct)).StatusCode);
        // invalid: a period that does not exist; and a body that is not JSON.
        Assert.Equal(HttpStatusCode.BadRequest, (await sd.PostAsync("/api/v1/submissions", Values(Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M13", "1")), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sd.PostAsync("/api/v1/submissions", Support.Http.Json("{"), Ct)).StatusCode);
        // forbidden: another district's figure; and a reader, refused by its role.
        Assert.Equal(HttpStatusCode.Forbidden, (await sd.PostAsync("/api/v1/submissions", Values(Item("INDUSTRIAL_OUTPUT", "TQ-HY", "2019-M01", "1")), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Client("reader").PostAsync("/api/v1/submissions", Values(Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M01", "1")), Ct)).StatusCode);
        // conflict: a locked period.
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/locks/2019-M03", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await sd.PostAsync("/api/v1/submissions", Values(Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M03", "1")), Ct)).StatusCode);
        // accepted (1 created), then replayed.
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = Values(Item("RETAIL_SALES", "TQ-SD", "2019-M04", "3")) };
            request.Headers.Add("Idempotency-Key", "metrics-replay");
            Assert.Equal(HttpStatusCode.Created, (await sd.SendAsync(request, Ct)).StatusCode);
        }
        // accepted: a target batch (counted apart from values).
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/v1/targets",
            Support.Http.Json("""{"targets":[{"indicator":"INDUSTRIAL_OUTPUT","orgUnit":"TQ-SD","period":"2019","kind":"plan","value":100}]}"""), Ct)).StatusCode);
        // A view computed once, then served from the read cache.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Client("reader").GetAsync("/api/v1/plan-vs-actual?period=2019-M01&orgUnit=TQ-SD", Ct)).StatusCode);
        }

        var after = await ScrapeAsync();
        var expected = new Dictionary<string, double>
        {
            ["indicators_values_written_total{outcome=\"created\"}"] = 4,
            ["indicators_values_written_total{outcome=\"updated\"}"] = 1,
            ["indicators_values_written_total{outcome=\"unchanged\"}"] = 2,
            ["indicators_targets_written_total{outcome=\"created\"}"] = 1,
            ["indicators_batches_total{result=\"accepted\"}"] = 5,
            ["indicators_batches_total{result=\"invalid\"}"] = 2,
            ["indicators_batches_total{result=\"forbidden\"}"] = 2,
            ["indicators_batches_total{result=\"conflict\"}"] = 1,
            ["indicators_batches_total{result=\"replayed\"}"] = 1,
            ["indicators_view_cache_total{result=\"miss\"}"] = 1,
            ["indicators_view_cache_total{result=\"hit\"}"] = 1,
            ["indicators_view_duration_seconds_count{view=\"plan-vs-actual\"}"] = 1,
        };
        var actual = expected.Keys.ToDictionary(k => k, k => Delta(before, after, k));
        Assert.Equal(expected, actual);
        Assert.Contains(after.Keys, k => k.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && k.Contains("http_route=\"/api/v1/submissions\"", StringComparison.Ordinal));
        Assert.True(after["indicators_view_duration_seconds_sum{view=\"plan-vs-actual\"}"] > 0);
    }

    [Fact]
    public async Task The_metrics_endpoint_needs_no_key_is_not_rate_limited_and_is_not_in_the_api_document()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Client().GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client("not a key").GetAsync("/metrics", Ct)).StatusCode);
        Assert.DoesNotContain("/metrics", await api.Client().GetStringAsync("/swagger/v1/swagger.json", Ct));
    }

    private async Task<List<Activity>> SpansOfAsync(ActivityTraceId trace, Func<List<Activity>, bool> complete)
    {
        // The server's span ends just after the client has its answer: wait for it a little.
        for (var i = 0; i < 100; i++)
        {
            var spans = api.Spans.Where(s => s.TraceId == trace).ToList();
            if (complete(spans))
            {
                return spans;
            }
            await Task.Delay(50, Ct);
        }
        return api.Spans.Where(s => s.TraceId == trace).ToList();
    }

    private static (ActivityTraceId Trace, ActivitySpanId Parent, string Header) NewTraceParent()
    {
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        return (trace, parent, $"00-{trace}-{parent}-01");
    }

    [Fact]
    public async Task A_batch_write_is_a_span_under_the_request_that_continues_the_callers_traceparent()
    {
        var (trace, parent, header) = NewTraceParent();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
        {
            Content = Values(Item("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M06", "1.5"), Item("RETAIL_SALES", "TQ-SD", "2019-M06", "2.5")),
        };
        request.Headers.Add("traceparent", header);
        Assert.Equal(HttpStatusCode.Created, (await api.Client("sd").SendAsync(request, Ct)).StatusCode);

        var spans = await SpansOfAsync(trace, s => s.Any(x => x.Kind == ActivityKind.Server) && s.Any(x => x.OperationName == "batch write values"));
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal("accepted", server.GetTagItem("indicators.batch.result"));
        var write = Assert.Single(spans, s => s.OperationName == "batch write values");
        Assert.Equal(server.SpanId, write.ParentSpanId);
        Assert.Equal(2, write.GetTagItem("indicators.batch.items"));
        Assert.Equal("written", write.GetTagItem("indicators.batch.outcome"));
        Assert.Equal(2, write.GetTagItem("indicators.batch.created"));
        Assert.Equal("values", write.GetTagItem("indicators.batch.kind"));
    }

    [Fact]
    public async Task A_view_computation_is_a_span_with_its_rows_and_cache_result_and_a_cached_answer_is_marked_a_hit()
    {
        const string url = "/api/v1/plan-vs-actual?period=2020-S1&children=true";
        var first = NewTraceParent();
        var second = NewTraceParent();
        var reader = api.Client("reader");
        foreach (var header in new[] { first.Header, second.Header })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("traceparent", header);
            Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(request, Ct)).StatusCode);
        }

        var computed = await SpansOfAsync(first.Trace, s => s.Any(x => x.Kind == ActivityKind.Server) && s.Any(x => x.OperationName == "view plan-vs-actual"));
        var view = Assert.Single(computed, s => s.OperationName == "view plan-vs-actual");
        Assert.Equal("plan-vs-actual", view.GetTagItem("indicators.view.name"));
        Assert.Equal("miss", view.GetTagItem("indicators.view.cache"));
        Assert.True((int)view.GetTagItem("indicators.view.rows")! > 1);
        var cached = await SpansOfAsync(second.Trace, s => s.Any(x => x.Kind == ActivityKind.Server));
        Assert.Equal("hit", Assert.Single(cached, s => s.Kind == ActivityKind.Server).GetTagItem("indicators.view.cache"));
        Assert.DoesNotContain(cached, s => s.OperationName == "view plan-vs-actual");
    }

    [Fact]
    public async Task A_problem_carries_the_trace_id_of_the_callers_traceparent_with_the_sdk_on()
    {
        var (trace, _, header) = NewTraceParent();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/plan-vs-actual?period=2020-M13");
        request.Headers.Add("traceparent", header);

        var problem = await (await api.Client("reader").SendAsync(request, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");

        Assert.Equal(trace.ToHexString(), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Health_probes_and_scrapes_are_not_traced()
    {
        var (trace, _, header) = NewTraceParent();
        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("traceparent", header);
            Assert.Equal(HttpStatusCode.OK, (await api.Client().SendAsync(request, Ct)).StatusCode);
        }
        // A traced request after them: once its span is out, theirs would be too.
        var (marker, _, markerHeader) = NewTraceParent();
        var traced = new HttpRequestMessage(HttpMethod.Get, "/api/v1/org-units/TQ");
        traced.Headers.Add("traceparent", markerHeader);
        await api.Client("reader").SendAsync(traced, Ct);
        await SpansOfAsync(marker, s => s.Any(x => x.Kind == ActivityKind.Server));

        Assert.DoesNotContain(api.Spans, s => s.TraceId == trace);
    }
}
