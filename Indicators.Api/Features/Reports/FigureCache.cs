using System.Collections.Concurrent;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Catalogue;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Reports;

/// <summary>One indicator, org unit and year: the unit of what the views keep and of what the change log names.</summary>
internal readonly record struct FigureKey(string Indicator, string OrgUnit, int Year);

/// <summary>
/// The current values of one <see cref="FigureKey"/> as the database held them, and the actuals resolved from them
/// (<see cref="Actuals.ResolveOverTime"/>, by requested months). Immutable values; the resolutions grow copy-on-write.
/// A block is never changed in place when its values change: the change log drops it and a new one is loaded.
/// </summary>
internal sealed class ValueBlock(StoredValue[] values)
{
    private Resolution[] resolved = [];

    public StoredValue[] Values { get; } = values;

    public long LastUsed { get; set; } = Environment.TickCount64;

    /// <summary>Values plus resolutions: what the block counts against <see cref="ReadCacheOptions.MaxFigures"/>.</summary>
    public int Size => Values.Length + Volatile.Read(ref resolved).Length;

    public bool TryGetResolved(int firstMonth, int lastMonth, out ResolvedActual? actual)
    {
        foreach (var r in Volatile.Read(ref resolved))
        {
            if (r.FirstMonth == firstMonth && r.LastMonth == lastMonth)
            {
                actual = r.Actual;
                return true;
            }
        }
        actual = null;
        return false;
    }

    /// <summary>Under the change feed's lock; returns the entries added.</summary>
    public int AddResolved(IEnumerable<Resolution> more)
    {
        var now = resolved;
        var added = more.Where(m => !now.Any(r => r.FirstMonth == m.FirstMonth && r.LastMonth == m.LastMonth))
            .DistinctBy(m => (m.FirstMonth, m.LastMonth)).ToArray();
        if (added.Length > 0)
        {
            Volatile.Write(ref resolved, [.. now, .. added]);
        }
        return added.Length;
    }

    /// <summary>Under the change feed's lock: the catalogue changed (a measure may have).</summary>
    public int ForgetResolved() => Interlocked.Exchange(ref resolved, []).Length;

    internal sealed record Resolution(int FirstMonth, int LastMonth, ResolvedActual? Actual);
}

/// <summary>
/// What the plan-versus-actual and series views keep in memory between requests, per replica: the catalogue, the current
/// values and targets by <see cref="FigureKey"/> (whole years, loaded for many keys in one query), and every actual
/// resolved from a unit's values. The rules stay in <c>Domain/</c>: this only remembers their results for the figures
/// they were computed from.
/// </summary>
/// <remarks>
/// <para>Kept right by the change log (<see cref="ChangeFeed"/>): a write of values to (indicator, unit, year) drops that
/// block and what was resolved from it, nothing else — its parent's rollup is recomputed from the children's resolved
/// actuals (most of them still held) and the views that show it are dropped by <see cref="ViewResponses"/>; a write of
/// targets drops that target block; a catalogue change drops the catalogue and every resolution (a measure may have
/// changed) but keeps the stored figures; a replica that fell behind the log drops everything.</para>
/// <para>Bounded: at most <see cref="ReadCacheOptions.MaxFigures"/> values, targets and resolutions (about 100 bytes
/// each); past it the least recently used blocks go.</para>
/// </remarks>
[Singleton]
internal sealed class FigureCache : IChangeListener
{
    private readonly ConcurrentDictionary<FigureKey, ValueBlock> values = new();
    private readonly ConcurrentDictionary<FigureKey, StoredTarget[]> targets = new();
    private readonly ChangeFeed feed;
    private readonly IOptions<ReadCacheOptions> options;
    private CatalogueSnapshot? catalogue;

    /// <summary>Values, targets and resolutions held; changed under the feed's lock only.</summary>
    private long held;

    public FigureCache(Db db, ChangeFeed feed, ViewStats stats, IOptions<ReadCacheOptions> options)
    {
        Db = db;
        this.feed = feed;
        Stats = stats;
        this.options = options;
        feed.Subscribe(this);
    }

    public Db Db { get; }

    public ViewStats Stats { get; }

    /// <summary>Values, targets and resolutions held.</summary>
    public long Held => Interlocked.Read(ref held);

    /// <summary>
    /// A request's access to the figures: brings the caches up to the data_version the database had when the request
    /// arrived (read with its API key; <see cref="ReadCache"/> has usually done it) and stamps the request with the version
    /// the caches are at. Dispose it when the view is computed: that keeps what it resolved, if nothing changed meanwhile.
    /// </summary>
    public async Task<ReportFigures> BeginAsync(HttpContext context, CancellationToken ct)
    {
        var stamp = ReadCache.RememberedDataVersion(context) is { } version
            ? await feed.EnsureAsync(version, ct)
            : await feed.EnsureCurrentAsync(ct);
        var figures = new ReportFigures(this, stamp, ct);
        try
        {
            figures.Catalogue = await CatalogueAsync(figures, stamp);
            return figures;
        }
        catch
        {
            await figures.DisposeAsync();
            throw;
        }
    }

    public void Apply(ChangeSet changes)
    {
        if (changes.Everything)
        {
            values.Clear();
            targets.Clear();
            catalogue = null;
            held = 0;
            return;
        }
        if (changes.Catalogue)
        {
            catalogue = null;
            foreach (var block in values.Values)
            {
                held -= block.ForgetResolved();
            }
        }
        foreach (var figure in changes.Figures)
        {
            var key = new FigureKey(figure.Indicator, figure.OrgUnit, figure.Year);
            if (figure.Targets)
            {
                if (targets.TryRemove(key, out var removed))
                {
                    held -= removed.Length;
                }
            }
            else if (values.TryRemove(key, out var block))
            {
                held -= block.Size;
            }
        }
    }

    internal bool TryGetValues(FigureKey key, out ValueBlock block)
    {
        if (!values.TryGetValue(key, out block!))
        {
            return false;
        }
        block.LastUsed = Environment.TickCount64;
        return true;
    }

    internal bool TryGetTargets(FigureKey key, out StoredTarget[] found) => targets.TryGetValue(key, out found!);

    /// <summary>Keeps blocks loaded at <paramref name="stamp"/> if nothing changed since; a block already held stays.</summary>
    internal void Publish(long stamp, IReadOnlyDictionary<FigureKey, ValueBlock>? loadedValues, IReadOnlyDictionary<FigureKey, StoredTarget[]>? loadedTargets,
        IReadOnlyList<(ValueBlock Block, ValueBlock.Resolution Resolution)>? resolved)
    {
        feed.TryPublish(stamp, () =>
        {
            foreach (var (key, block) in loadedValues ?? new Dictionary<FigureKey, ValueBlock>())
            {
                if (values.TryAdd(key, block))
                {
                    held += block.Size;
                }
            }
            foreach (var (key, found) in loadedTargets ?? new Dictionary<FigureKey, StoredTarget[]>())
            {
                if (targets.TryAdd(key, found))
                {
                    held += found.Length;
                }
            }
            foreach (var group in (resolved ?? []).GroupBy(r => r.Block))
            {
                held += group.Key.AddResolved(group.Select(r => r.Resolution));
            }
            if (held > options.Value.MaxFigures)
            {
                Trim(options.Value.MaxFigures * 3 / 4);
            }
        });
    }

    /// <summary>The least recently used value blocks go (with what was resolved from them); targets are few and go last.</summary>
    private void Trim(long target)
    {
        foreach (var (key, block) in values.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (held <= target)
            {
                return;
            }
            if (values.TryRemove(new KeyValuePair<FigureKey, ValueBlock>(key, block)))
            {
                held -= block.Size;
            }
        }
        foreach (var (key, found) in targets.ToList())
        {
            if (held <= target)
            {
                return;
            }
            if (targets.TryRemove(new KeyValuePair<FigureKey, StoredTarget[]>(key, found)))
            {
                held -= found.Length;
            }
        }
    }

    private async Task<CatalogueSnapshot> CatalogueAsync(ReportFigures figures, long stamp)
    {
        if (Volatile.Read(ref catalogue) is { } cached)
        {
            return cached;
        }
        var loaded = await CatalogueSnapshot.LoadAsync(Db, await figures.ConnectionAsync());
        Stats.CatalogueLoaded();
        feed.TryPublish(stamp, () => catalogue ??= loaded);
        return loaded;
    }
}
