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
/// Serves the computed read views (plan-vs-actual, series) from memory while the data has not changed. Entries are
/// keyed by the request and stamped with <c>data_version</c>, which every write bumps in its own transaction: a
/// request reads the version first (one indexed single-row query) and takes an entry only with the same stamp, so
/// a cached answer is never older than the data the request could see, on any replica, without invalidation
/// messages. Runs after authorization (the view's rights are checked on every request) and answers ETag and
/// If-None-Match itself, with the tag computed once per stored body (<see cref="ETagMiddleware"/> passes these views
/// through rather than buffering and hashing each answer).
/// </summary>
/// <remarks>
/// Concurrent misses of one key compute once: the others wait for it and read the result (a write burst makes
/// every dashboard ask again at the same moment). At most one computation per core runs at a time, which bounds
/// the memory that the views' working sets take together. Only 200 answers are kept; errors are computed each time.
/// </remarks>
internal sealed class ReadCache(RequestDelegate next, Db db, IOptions<ReadCacheOptions> options, TimeProvider clock, ILogger<ReadCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] keyLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly SemaphoreSlim computations = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private long bytes;
    private long newestVersion;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.Value.Enabled || !HttpMethods.IsGet(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<CachedReadMetadata>() is not { } cached
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        if (context.Items[DataVersionItem] is not long version)
        {
            await using var c = await db.OpenAsync(context.RequestAborted);
            version = await DataVersion.ReadAsync(db, c);
        }
        var key = KeyOf(context.Request);
        if (cached.VariesByProvinceDate)
        {
            var now = clock.GetUtcNow();
            context.Items[RequestTimeItem] = now;
            key += "\n" + Domain.ProvinceTime.Today(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (TryServe(context, key, version, out var hit))
        {
            ViewTelemetry.CacheHit(context);
            await hit;
            return;
        }
        var keyLock = keyLocks[(key.GetHashCode() & int.MaxValue) % keyLocks.Length];
        await keyLock.WaitAsync(context.RequestAborted);
        try
        {
            // Another request may have computed it while this one waited.
            if (TryServe(context, key, version, out hit))
            {
                ViewTelemetry.CacheHit(context);
                await hit;
                return;
            }
            ViewTelemetry.CacheMiss(context);
            await computations.WaitAsync(context.RequestAborted);
            try
            {
                await ComputeAsync(context, key, version);
            }
            finally
            {
                computations.Release();
            }
        }
        finally
        {
            keyLock.Release();
        }
    }

    /// <summary>Authentication reads data_version in the query that finds the API key; a cached read then costs one
    /// round trip to the database, not two. Read before the view is served, so the answer is as of that moment.</summary>
    public static void RememberDataVersion(HttpContext context, long version) => context.Items[DataVersionItem] = version;

    private static readonly object DataVersionItem = new();

    /// <summary>The instant a <see cref="CachedReadMetadata.ByProvinceDate"/> view is computed for: the one its cache key
    /// was made with, so the answer stored under a date is always that date's answer; the clock's now otherwise.</summary>
    public static DateTimeOffset RequestTime(HttpContext context, TimeProvider clock) =>
        context.Items[RequestTimeItem] is DateTimeOffset now ? now : clock.GetUtcNow();

    private static readonly object RequestTimeItem = new();

    /// <summary>Everything the views' answers depend on besides the data.</summary>
    private static string KeyOf(HttpRequest request) =>
        string.Concat(request.Path.Value, request.QueryString.Value, "\n", request.Headers.Accept.ToString(), "\n", request.Headers.AcceptLanguage.ToString());

    private bool TryServe(HttpContext context, string key, long version, out Task written)
    {
        written = Task.CompletedTask;
        if (!entries.TryGetValue(key, out var entry) || entry.Version != version)
        {
            return false;
        }
        entry.LastUsed = Environment.TickCount64;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (ETagMiddleware.NotModified(context, entry.ETag))
        {
            return true;
        }
        response.ContentType = entry.ContentType;
        if (entry.ContentDisposition is not null)
        {
            response.Headers.ContentDisposition = entry.ContentDisposition;
        }
        response.ContentLength = entry.Body.Length;
        written = response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
        return true;
    }

    private async Task ComputeAsync(HttpContext context, string key, long version)
    {
        var response = context.Response;
        var original = response.Body;
        await using var buffer = new MemoryStream();
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
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var tag = ETagMiddleware.TagOf(body);
            Store(key, new Entry(version, body, response.ContentType ?? "application/json", response.Headers.ContentDisposition.ToString() is { Length: > 0 } d ? d : null, tag));
            if (ETagMiddleware.NotModified(context, tag))
            {
                return;
            }
        }
        if (body.Length == 0 && response.StatusCode >= 400)
        {
            // Nothing written: the status-code pages outside write the problem.
            return;
        }
        response.ContentLength = body.Length;
        await original.WriteAsync(body, context.RequestAborted);
    }

    private void Store(string key, Entry entry)
    {
        var max = options.Value.MaxBytes;
        if (entry.Body.Length > max / 4)
        {
            return;
        }
        if (entries.TryGetValue(key, out var previous) && previous.Version > entry.Version)
        {
            return;
        }
        if (entries.TryGetValue(key, out previous) && entries.TryUpdate(key, entry, previous))
        {
            Interlocked.Add(ref bytes, entry.Body.Length - previous.Body.Length);
        }
        else if (entries.TryAdd(key, entry))
        {
            Interlocked.Add(ref bytes, entry.Body.Length);
        }
        var newer = entry.Version > Interlocked.Read(ref newestVersion);
        if (newer)
        {
            Interlocked.Exchange(ref newestVersion, entry.Version);
        }
        if (newer || Interlocked.Read(ref bytes) > max)
        {
            Evict(max);
        }
    }

    /// <summary>Drops the entries of older data versions (no request will take them again), then the least recently
    /// used until the bodies fit.</summary>
    private void Evict(long max)
    {
        var newest = Interlocked.Read(ref newestVersion);
        foreach (var (key, entry) in entries)
        {
            if (entry.Version < newest && entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                Interlocked.Add(ref bytes, -entry.Body.Length);
            }
        }
        if (Interlocked.Read(ref bytes) <= max)
        {
            return;
        }
        foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (Interlocked.Read(ref bytes) <= max * 3 / 4)
            {
                break;
            }
            if (entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                Interlocked.Add(ref bytes, -entry.Body.Length);
            }
        }
        logger.LogDebug("Read cache trimmed to {Bytes} bytes in {Entries} entries", Interlocked.Read(ref bytes), entries.Count);
    }

    private sealed class Entry(long version, byte[] body, string contentType, string? contentDisposition, string eTag)
    {
        public long Version { get; } = version;

        public byte[] Body { get; } = body;

        public string ContentType { get; } = contentType;

        public string? ContentDisposition { get; } = contentDisposition;

        public string ETag { get; } = eTag;

        public long LastUsed { get; set; } = Environment.TickCount64;
    }
}
