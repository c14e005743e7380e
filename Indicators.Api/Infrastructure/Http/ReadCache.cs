using System.Collections.Concurrent;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>Endpoint metadata: the answer depends only on the request's path, query, Accept and Accept-Language
/// headers and on the data (never on the caller; on the clock only through <see cref="VariesByProvinceDate"/>), so it
/// may be served from <see cref="ReadCache"/>.</summary>
internal sealed class CachedReadMetadata
{
    public static readonly CachedReadMetadata Instance = new();

    /// <summary>For a view whose answer also depends on the province's date (the report status: an incomplete report
    /// turns from open to overdue when its due date has passed, at midnight UTC+7): the date is part of the key, and
    /// the view reads the instant the key was made with (<see cref="ReadCache.RequestTime"/>).</summary>
    public static readonly CachedReadMetadata ByProvinceDate = new() { VariesByProvinceDate = true };

    public bool VariesByProvinceDate { get; private init; }
}

/// <summary>
/// Serves the computed read views (plan-vs-actual, series) from memory while what they depend on has not changed.
/// Entries are keyed by the request and kept by the change log (<see cref="ChangeFeed"/>): a request first brings this
/// replica's caches up to the <c>data_version</c> the database had when it arrived (read with its API key, one query;
/// after a write, one more small query per replica reads the keys that write changed), so a cached answer is never
/// older than the data the request could see, on any replica, without invalidation messages. A write drops only the
/// answers whose declared <see cref="ViewScope"/> holds a figure it changed. Runs after authorization (the view's rights
/// are checked on every request) and answers ETag and If-None-Match itself, with the tag computed once per stored body
/// (<see cref="ETagMiddleware"/> passes these views through rather than buffering and hashing each answer).
/// </summary>
/// <remarks>
/// Concurrent misses of one key compute once: the others wait for it and take its answer when it is as new as the data
/// they must see (a write makes every dashboard ask again at the same moment). At most one computation per core runs at
/// a time, which bounds the memory that the views' working sets take together. Only 200 answers are kept; errors are
/// computed each time.
/// </remarks>
internal sealed class ReadCache(
    RequestDelegate next, Db db, ChangeFeed feed, ViewResponses responses, ViewStats stats, IOptions<ReadCacheOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Flight> flights = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim computations = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.Value.Enabled || !HttpMethods.IsGet(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<CachedReadMetadata>() is not { } cached
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var ct = context.RequestAborted;
        if (context.Items[DataVersionItem] is not long version)
        {
            await using var c = await db.OpenAsync(ct);
            version = await DataVersion.ReadAsync(db, c);
        }
        await feed.EnsureAsync(version, ct);
        var key = KeyOf(context.Request);
        if (cached.VariesByProvinceDate)
        {
            var now = clock.GetUtcNow();
            context.Items[RequestTimeItem] = now;
            key += "\n" + Domain.ProvinceTime.Today(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        while (true)
        {
            if (responses.TryGet(key, out var entry))
            {
                stats.Hit();
                ViewTelemetry.CacheHit(context);
                await ServeAsync(context, entry);
                return;
            }
            var mine = new Flight(feed.Applied);
            var flight = flights.GetOrAdd(key, mine);
            if (flight != mine)
            {
                // Another request computes this answer: take it if it is as new as this request must see, else look again.
                var shared = await flight.Answer.Task.WaitAsync(ct);
                if (shared is not null && flight.Stamp >= version)
                {
                    stats.Hit();
                    ViewTelemetry.CacheHit(context);
                    await ServeAsync(context, shared);
                    return;
                }
                continue;
            }
            Computed computed;
            try
            {
                await computations.WaitAsync(ct);
                try
                {
                    computed = await ComputeAsync(context, key, mine.Stamp);
                }
                finally
                {
                    computations.Release();
                }
                mine.Answer.TrySetResult(computed.Entry);
            }
            finally
            {
                mine.Answer.TrySetResult(null);
                flights.TryRemove(new KeyValuePair<string, Flight>(key, mine));
            }
            // Sent only now: a client that reads slowly holds neither a computation slot nor the requests waiting for
            // the same answer.
            if (computed.Unsent is { } body)
            {
                await context.Response.Body.WriteAsync(body, ct);
            }
            return;
        }
    }

    /// <summary>Authentication reads data_version in the query that finds the API key; a cached read then costs one
    /// round trip to the database, not two. Read before the view is served, so the answer is as of that moment.</summary>
    public static void RememberDataVersion(HttpContext context, long version) => context.Items[DataVersionItem] = version;

    /// <summary>The data_version authentication read for this request, if it did.</summary>
    public static long? RememberedDataVersion(HttpContext context) => context.Items[DataVersionItem] as long?;

    private static readonly object DataVersionItem = new();

    /// <summary>The instant a <see cref="CachedReadMetadata.ByProvinceDate"/> view is computed for: the one its cache key
    /// was made with, so the answer stored under a date is always that date's answer; the clock's now otherwise.</summary>
    public static DateTimeOffset RequestTime(HttpContext context, TimeProvider clock) =>
        context.Items[RequestTimeItem] is DateTimeOffset now ? now : clock.GetUtcNow();

    private static readonly object RequestTimeItem = new();

    /// <summary>Everything the views' answers depend on besides the data.</summary>
    private static string KeyOf(HttpRequest request) =>
        string.Concat(request.Path.Value, request.QueryString.Value, "\n", request.Headers.Accept.ToString(), "\n", request.Headers.AcceptLanguage.ToString());

    private static Task ServeAsync(HttpContext context, ViewResponses.Entry entry)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (ETagMiddleware.NotModified(context, entry.ETag))
        {
            return Task.CompletedTask;
        }
        response.ContentType = entry.ContentType;
        if (entry.ContentDisposition is not null)
        {
            response.Headers.ContentDisposition = entry.ContentDisposition;
        }
        response.ContentLength = entry.Body.Length;
        return response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
    }

    /// <summary>What a computation gives: the answer for the requests waiting on it (null unless a 200), and the body
    /// this request must still send (null when there is none to send: a 304, or a problem the status-code pages write).</summary>
    private readonly record struct Computed(ViewResponses.Entry? Entry, byte[]? Unsent);

    /// <summary>Runs the endpoint into a buffer; a 200 answer is stored if nothing changed while it was computed
    /// (<see cref="ChangeFeed.TryPublish"/>). The status and headers are set; the body is left to send.</summary>
    private async Task<Computed> ComputeAsync(HttpContext context, string key, long stamp)
    {
        stats.Miss(context.Request.Path.Value ?? "");
        ViewTelemetry.CacheMiss(context);
        var response = context.Response;
        var original = response.Body;
        await using var buffer = new PooledBufferStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        var body = buffer.ToArray();
        ViewResponses.Entry? entry = null;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            entry = new ViewResponses.Entry(body, response.ContentType ?? "application/json",
                response.Headers.ContentDisposition.ToString() is { Length: > 0 } d ? d : null, ETagMiddleware.TagOf(response, body), ViewScope.Of(context));
            feed.TryPublish(stamp, () => responses.Store(key, entry));
            if (ETagMiddleware.NotModified(context, entry.ETag))
            {
                return new Computed(entry, null);
            }
        }
        if (body.Length == 0 && response.StatusCode >= 400)
        {
            // Nothing written: the status-code pages outside write the problem.
            return new Computed(entry, null);
        }
        response.ContentLength = body.Length;
        return new Computed(entry, body);
    }

    /// <summary>One computation of an answer in progress, and the version of the caches it started from.</summary>
    private sealed class Flight(long stamp)
    {
        public long Stamp { get; } = stamp;

        public TaskCompletionSource<ViewResponses.Entry?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// The answers <see cref="ReadCache"/> keeps, at most <see cref="ReadCacheOptions.MaxBytes"/> of bodies and keys (the least
/// recently used go first). Kept right by the change log: an answer is dropped when a write changes a figure in its
/// <see cref="ViewScope"/>, when the catalogue changes, and — if its endpoint declared no scope — on any write.
/// </summary>
[Singleton]
internal sealed class ViewResponses : IChangeListener
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly IOptions<ReadCacheOptions> options;
    private readonly ILogger<ViewResponses> logger;
    private long bytes;

    public ViewResponses(ChangeFeed feed, IOptions<ReadCacheOptions> options, ILogger<ViewResponses> logger)
    {
        this.options = options;
        this.logger = logger;
        feed.Subscribe(this);
    }

    /// <summary>What the answers held take, in bytes: see <see cref="SizeOf"/>.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    public int Count => entries.Count;

    public bool TryGet(string key, out Entry entry)
    {
        if (!entries.TryGetValue(key, out entry!))
        {
            return false;
        }
        entry.LastUsed = Environment.TickCount64;
        return true;
    }

    /// <summary>
    /// What an answer takes against <see cref="ReadCacheOptions.MaxBytes"/>: its body, and its key and headers as the
    /// UTF-16 strings they are held as. The key holds the raw Accept and Accept-Language headers, which a client chooses
    /// (kilobytes each); counting bodies alone let small answers under long keys hold many times the bound.
    /// </summary>
    public static long SizeOf(string key, Entry entry) =>
        entry.Body.Length + 2L * (key.Length + entry.ContentType.Length + entry.ETag.Length + (entry.ContentDisposition?.Length ?? 0));

    /// <summary>Called through <see cref="ChangeFeed.TryPublish"/>, under its lock.</summary>
    public void Store(string key, Entry entry)
    {
        var max = options.Value.MaxBytes;
        var size = SizeOf(key, entry);
        if (size > max / 4)
        {
            return;
        }
        if (entries.TryGetValue(key, out var previous))
        {
            entries[key] = entry;
            bytes += size - SizeOf(key, previous);
        }
        else if (entries.TryAdd(key, entry))
        {
            bytes += size;
        }
        if (bytes > max)
        {
            Trim(max * 3 / 4);
        }
    }

    public void Apply(ChangeSet changes)
    {
        foreach (var (key, entry) in entries)
        {
            if (changes.Everything || changes.Catalogue || entry.Scope is null || changes.Figures.Any(entry.Scope.Touches))
            {
                Remove(key, entry);
            }
        }
    }

    /// <summary>The least recently used go first.</summary>
    private void Trim(long target)
    {
        foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (bytes <= target)
            {
                break;
            }
            Remove(key, entry);
        }
        logger.LogDebug("Read cache trimmed to {Bytes} bytes in {Entries} entries", bytes, entries.Count);
    }

    private void Remove(string key, Entry entry)
    {
        if (entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            bytes -= SizeOf(key, entry);
        }
    }

    internal sealed class Entry(byte[] body, string contentType, string? contentDisposition, string eTag, ViewScope? scope)
    {
        public byte[] Body { get; } = body;

        public string ContentType { get; } = contentType;

        public string? ContentDisposition { get; } = contentDisposition;

        public string ETag { get; } = eTag;

        /// <summary>What the answer depends on; null: everything (dropped on any write).</summary>
        public ViewScope? Scope { get; } = scope;

        public long LastUsed { get; set; } = Environment.TickCount64;
    }
}
