using System.Diagnostics;
using System.Security.Claims;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>The read views a slice wants computed before the service reports ready: paths with their query, GET as a reader.</summary>
internal interface IWarmUpViews
{
    Task<IReadOnlyList<string>> RequestsAsync(CancellationToken ct);
}

/// <summary>
/// Computes the views dashboards ask first before <c>/health/ready</c> answers 200 (<see cref="ReadCacheOptions.WarmUp"/>),
/// so a new replica (a restart, a scale-out) does not answer its first requests with a cold computation. Two costs make
/// the first computation of a view slow, measured in bench/RESULTS.md: code the runtime compiles on first use (the
/// endpoint's binding and validation, the JSON contracts, the SQL mapping, the domain rules), and the figures not yet in
/// memory (<c>FigureCache</c>). Both are paid here.
/// </summary>
/// <remarks>
/// The requests go through the service's own pipeline in process — routing, authorization, <see cref="ReadCache"/>, the
/// endpoint — as a reader that only this code can make: the principal is set on a context built here, never read from
/// a request, and the pipeline is entered behind Kestrel, so nothing from the network can reach it. Where no view is
/// warmed (an empty database), it ends at once. A failure is logged and the service becomes ready anyway.
/// </remarks>
[Singleton]
internal sealed class ViewWarmUp(IEnumerable<IWarmUpViews> views, IOptions<ReadCacheOptions> options, ILogger<ViewWarmUp> logger)
{
    /// <summary>A well-formed key that no row has (ids are 16 hex digits).</summary>
    private const string WarmUpKey = "ik_warm-up.no-such-key";

    private readonly TaskCompletionSource<RequestDelegate> pipeline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool finished;

    /// <summary>True once the warm-up has run (or when it is off): readiness waits for it.</summary>
    public bool Done => finished || !options.Value.WarmUp || !options.Value.Enabled;

    /// <summary>The requests sent, with their status codes, in order (for the log and the tests).</summary>
    public IReadOnlyList<(string Request, int Status, double Milliseconds)> Sent { get; private set; } = [];

    /// <summary>Called by <see cref="WarmUpEntry"/> when the pipeline is built.</summary>
    public void Capture(RequestDelegate rest) => pipeline.TrySetResult(rest);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (Done)
        {
            return;
        }
        var total = Stopwatch.StartNew();
        var sent = new List<(string, int, double)>();
        try
        {
            var rest = await pipeline.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            // The key check every request makes, with a key no row has: its code compiled and, on SQLite, its WAL index
            // opened (Infrastructure/Auth/Sqlite/SqliteKeyLookup.cs) before the first real key arrives.
            await services.GetRequiredService<ApiKeyStore>().AuthenticateAsync(WarmUpKey, ct);
            foreach (var source in views)
            {
                foreach (var request in await source.RequestsAsync(ct))
                {
                    var watch = Stopwatch.StartNew();
                    var status = await SendAsync(rest, services, request, ct);
                    sent.Add((request, status, watch.Elapsed.TotalMilliseconds));
                }
            }
            await JitSettledAsync(ct);
            // The warm-up read hundreds of thousands of rows it keeps a few megabytes of: give the rest back now, so that
            // the first month-end's batches do not grow the process on top of it (bench/RESULTS.md: peak RSS).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogInformation("Views warmed up in {Milliseconds} ms: {Requests}", (int)total.Elapsed.TotalMilliseconds,
                string.Join("; ", sent.Select(s => $"{s.Item1} {s.Item2} {s.Item3:F0} ms")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The warm-up of the views failed; the service starts without it");
        }
        finally
        {
            Sent = sent;
            finished = true;
        }
    }

    /// <summary>
    /// Waits (at most 5 s) until the runtime has compiled what the warm-up made hot: the tiered compiler recompiles a
    /// method called often in the background, and measured here it took most of the CPU for a second or two after the
    /// warm-up's requests — time the first dashboards would otherwise share with it.
    /// </summary>
    private static async Task JitSettledAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        while (quiet < 3 && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(200, ct);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }
    }

    private static async Task<int> SendAsync(RequestDelegate rest, IServiceProvider services, string pathAndQuery, CancellationToken ct)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = HttpMethods.Get,
            Scheme = "http",
            Protocol = "HTTP/1.1",
            Path = query < 0 ? pathAndQuery : pathAndQuery[..query],
            QueryString = query < 0 ? "" : pathAndQuery[query..],
            Headers = new HeaderDictionary { ["Accept"] = "application/json", ["Host"] = "localhost" },
        });
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        await using var body = new MemoryStream();
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = ct });
        await using var scope = services.CreateAsyncScope();
        // Made as the server makes a request's context, so that it is the current one (IHttpContextAccessor) while it
        // runs: FastEndpoints resolves an endpoint's request binder and validator, on its first request, through the
        // current request's services, else through the root services of whichever host in the process mapped endpoints
        // last. In a process with several hosts (the tests' fixtures and replicas) that may be another host, stopped
        // by then: the view answered 500 (ObjectDisposedException) rather than being computed.
        var contexts = services.GetRequiredService<IHttpContextFactory>();
        var context = contexts.Create(features);
        try
        {
            context.RequestServices = scope.ServiceProvider;
            // A reader of no unit: reads need no unit, and the key id names the warm-up in the logs.
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(Caller.KeyIdClaim, "warm-up"),
                    new Claim(ClaimTypes.Name, "warm-up"),
                    new Claim(Caller.OrgUnitClaim, ""),
                    new Claim(ClaimTypes.Role, Roles.Reader),
                ],
                "WarmUp"));
            await rest(context);
            return context.Response.StatusCode;
        }
        finally
        {
            contexts.Dispose(context);
        }
    }
}

/// <summary>First in the pipeline (before routing): hands the rest of it to <see cref="ViewWarmUp"/>, and passes every
/// request on untouched.</summary>
internal sealed class WarmUpEntry
{
    private readonly RequestDelegate next;

    public WarmUpEntry(RequestDelegate next, ViewWarmUp warmUp)
    {
        this.next = next;
        warmUp.Capture(next);
    }

    public Task InvokeAsync(HttpContext context) => next(context);
}
