using System.Collections.Concurrent;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Counters of the read views' caches, for tests and for metrics (SPEC v2 "Observability": <c>indicators.view.cache</c>
/// by result hit or miss reads <see cref="Hits"/> and <see cref="Misses"/>). Plain totals since the process started;
/// a metrics exporter can observe them.
/// </summary>
[Singleton]
internal sealed class ViewStats(ChangeFeed feed)
{
    private readonly ConcurrentDictionary<string, long> computed = new(StringComparer.Ordinal);
    private long hits;
    private long misses;
    private long figureBlocksLoaded;
    private long figuresResolved;
    private long catalogueLoads;

    /// <summary>Answers served from the response cache (or from a concurrent computation of the same request).</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Answers computed by their endpoint.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Blocks of stored figures (one indicator, org unit and year: its values, or its targets) read from the database.</summary>
    public long FigureBlocksLoaded => Interlocked.Read(ref figureBlocksLoaded);

    /// <summary>Actuals resolved from a unit's stored values (one indicator, unit and period each).</summary>
    public long FiguresResolved => Interlocked.Read(ref figuresResolved);

    public long CatalogueLoads => Interlocked.Read(ref catalogueLoads);

    /// <summary>Times the caches dropped everything because the change log could not say what changed.</summary>
    public long Resets => feed.Resets;

    /// <summary>Answers computed, by view (the request path).</summary>
    public long Computed(string view) => computed.GetValueOrDefault(view);

    public void Hit() => Interlocked.Increment(ref hits);

    public void Miss(string view)
    {
        Interlocked.Increment(ref misses);
        computed.AddOrUpdate(view, 1, (_, n) => n + 1);
    }

    public void BlocksLoaded(int count) => Interlocked.Add(ref figureBlocksLoaded, count);

    public void Resolved(int count) => Interlocked.Add(ref figuresResolved, count);

    public void CatalogueLoaded() => Interlocked.Increment(ref catalogueLoads);
}
