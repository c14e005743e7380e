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

    /// <summary>Values plus resolutions: what the block counts against <see cref="ReadCacheOptions.MaxFigures"/>.</summary>
    public int Size => Values.Length + Volatile.Read(ref resolved).Length;

    public bool TryGetResolved(int firstMonth, int lastMonth, out ResolvedActual? actual) =>
        TryGetResolved(Volatile.Read(ref resolved), firstMonth, lastMonth, out actual);

    private static bool TryGetResolved(IReadOnlyList<Resolution> resolutions, int firstMonth, int lastMonth, out ResolvedActual? actual)
    {
        foreach (var r in resolutions)
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

    /// <summary>Under the change feed's lock; returns the entries added (0 or 1).</summary>
    public int AddResolved(Resolution resolution)
    {
        var now = resolved;
        if (TryGetResolved(now, resolution.FirstMonth, resolution.LastMonth, out _))
        {
            return 0;
        }
        Volatile.Write(ref resolved, [.. now, resolution]);
        return 1;
    }

    /// <summary>Under the change feed's lock: the catalogue changed (a measure may have).</summary>
    public int ForgetResolved() => Interlocked.Exchange(ref resolved, []).Length;

    /// <summary>Whether the cache holds this block now (changed under the change feed's lock): only then do its
    /// resolutions count against <see cref="ReadCacheOptions.MaxFigures"/>. A view keeps resolving on a block it loaded
    /// after another view's copy was kept, or after the block was trimmed or dropped; those count nowhere.</summary>
    public bool InCache { get; set; }

    internal readonly record struct Resolution(int FirstMonth, int LastMonth, ResolvedActual? Actual);
}

/// <summary>The value blocks of one indicator and year, by unit ordinal (<see cref="FigureCache.Ordinal"/>). The array is
/// never changed once published: a change publishes a new one, so a view that took it keeps a consistent picture.</summary>
internal sealed class BlockRow(ValueBlock?[] blocks)
{
    private ValueBlock?[] blocks = blocks;

    public ValueBlock?[] Blocks => Volatile.Read(ref blocks);

    public long LastUsed { get; set; } = Environment.TickCount64;

    /// <summary>Under the change feed's lock.</summary>
    public void Replace(ValueBlock?[] next) => Volatile.Write(ref blocks, next);
}

/// <summary>
/// What the plan-versus-actual and series views keep in memory between requests, per replica: the catalogue, the current
/// values (by indicator and year, one block per org unit) and targets (by <see cref="FigureKey"/>), whole years loaded
/// for many keys in one query, and every actual resolved from a unit's values. The rules stay in <c>Domain/</c>: this
/// only remembers their results for the figures they were computed from.
/// </summary>
/// <remarks>
/// <para>Kept right by the change log (<see cref="ChangeFeed"/>): a write of values to (indicator, unit, year) drops that
/// block and what was resolved from it, nothing else — its parent's rollup is recomputed from the children's resolved
/// actuals (the others still held) and the views that show it are dropped by <see cref="ViewResponses"/>; a write of
/// targets drops that target block; a catalogue change drops the catalogue and every resolution (a measure may have
/// changed) but keeps the stored figures; a replica that fell behind the log drops everything.</para>
/// <para>Org units are numbered the first time they are seen (never renumbered), so a view finds a unit's block by
/// position rather than by hashing codes: a province's view reads 10,000 blocks or more.</para>
/// <para>Bounded: at most <see cref="ReadCacheOptions.MaxFigures"/> values, targets and resolutions (about 100 bytes
/// each); past it the least recently used (indicator, year) rows go.</para>
/// </remarks>
[Singleton]
internal sealed class FigureCache : IChangeListener
{
    private readonly ConcurrentDictionary<(string Indicator, int Year), BlockRow> values = new();
    private readonly ConcurrentDictionary<FigureKey, StoredTarget[]> targets = new();
    private readonly ConcurrentDictionary<string, int> ordinals = new(StringComparer.Ordinal);
    private readonly Lock numbering = new();
    private readonly ChangeFeed feed;
    private readonly IOptions<ReadCacheOptions> options;
    private readonly Action<ValueBlock, ValueBlock.Resolution> addResolved;
    private readonly ConcurrentDictionary<(int Year, int Starts, int Ends), IReadOnlyList<Period>> tilings = new();
    private CatalogueSnapshot? catalogue;

    /// <summary>Values, targets and resolutions held; changed under the feed's lock only.</summary>
    private long held;

    public FigureCache(Db db, ChangeFeed feed, ViewStats stats, IOptions<ReadCacheOptions> options)
    {
        Db = db;
        this.feed = feed;
        Stats = stats;
        this.options = options;
        addResolved = (block, resolution) =>
        {
            var added = block.AddResolved(resolution);
            if (block.InCache)
            {
                held += added;
            }
        };
        feed.Subscribe(this);
    }

    public Db Db { get; }

    public ViewStats Stats { get; }

    /// <summary>Values, targets and resolutions held.</summary>
    public long Held => Interlocked.Read(ref held);

    /// <summary>
    /// A request's access to the figures: brings the caches up to the data_version the database had when the request
    /// arrived (read with its API key; <see cref="ReadCache"/> has usually done it) and stamps the request with the version
    /// the caches are at. What the view loads and resolves is kept as it goes, if nothing changed since; dispose it when
    /// the view is computed (it closes the connection it may have opened).
    /// </summary>
    public async Task<ReportFigures> BeginAsync(HttpContext context, CancellationToken ct)
    {
        // With the read cache off (ReadCache:Enabled), nothing is kept either: a stamp no version matches.
        var stamp = !options.Value.Enabled ? -1
            : ReadCache.RememberedDataVersion(context) is { } version ? await feed.EnsureAsync(version, ct)
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

    /// <summary>The unit's position in the rows, given the first time it is asked for.</summary>
    public int Ordinal(string orgUnit)
    {
        if (ordinals.TryGetValue(orgUnit, out var ordinal))
        {
            return ordinal;
        }
        lock (numbering)
        {
            return ordinals.GetOrAdd(orgUnit, _ => ordinals.Count);
        }
    }

    public void Apply(ChangeSet changes)
    {
        if (changes.Everything)
        {
            foreach (var row in values.Values)
            {
                Evict(row.Blocks);
            }
            values.Clear();
            targets.Clear();
            catalogue = null;
            held = 0;
            return;
        }
        if (changes.Catalogue)
        {
            catalogue = null;
            foreach (var row in values.Values)
            {
                foreach (var block in row.Blocks)
                {
                    held -= block?.ForgetResolved() ?? 0;
                }
            }
        }
        foreach (var figure in changes.Figures)
        {
            if (figure.Targets)
            {
                if (targets.TryRemove(new FigureKey(figure.Indicator, figure.OrgUnit, figure.Year), out var removed))
                {
                    held -= removed.Length;
                }
            }
            else if (values.TryGetValue((figure.Indicator, figure.Year), out var row) && ordinals.TryGetValue(figure.OrgUnit, out var ordinal)
                     && row.Blocks is var blocks && ordinal < blocks.Length && blocks[ordinal] is { } block)
            {
                var next = (ValueBlock?[])blocks.Clone();
                next[ordinal] = null;
                row.Replace(next);
                block.InCache = false;
                held -= block.Size;
            }
        }
    }

    /// <summary>The blocks of the indicator and year held now (possibly none), by unit ordinal.</summary>
    internal ValueBlock?[] Row(string indicator, int year)
    {
        if (!values.TryGetValue((indicator, year), out var row))
        {
            return [];
        }
        row.LastUsed = Environment.TickCount64;
        return row.Blocks;
    }

    internal bool TryGetTargets(FigureKey key, out StoredTarget[] found) => targets.TryGetValue(key, out found!);

    /// <summary>Keeps the value blocks a view loaded at <paramref name="stamp"/> if nothing changed since; a block already held stays.</summary>
    internal void PublishValues(long stamp, Dictionary<(string Indicator, int Year), List<(int Ordinal, ValueBlock Block)>> loaded) =>
        feed.TryPublish(stamp, () =>
        {
            foreach (var ((indicator, year), blocks) in loaded)
            {
                var row = values.GetOrAdd((indicator, year), _ => new BlockRow([]));
                var now = row.Blocks;
                var next = new ValueBlock?[Math.Max(now.Length, blocks.Max(l => l.Ordinal) + 1)];
                now.CopyTo(next, 0);
                foreach (var (ordinal, block) in blocks)
                {
                    if (next[ordinal] is null)
                    {
                        next[ordinal] = block;
                        block.InCache = true;
                        held += block.Size;
                    }
                }
                row.Replace(next);
            }
            TrimIfFull();
        });

    /// <summary>Keeps the target blocks a view loaded at <paramref name="stamp"/> if nothing changed since.</summary>
    internal void PublishTargets(long stamp, Dictionary<FigureKey, StoredTarget[]> loaded) =>
        feed.TryPublish(stamp, () =>
        {
            foreach (var (key, found) in loaded)
            {
                if (targets.TryAdd(key, found))
                {
                    held += found.Length;
                }
            }
            TrimIfFull();
        });

    /// <summary>
    /// The actual with its <c>derivedFrom</c> shared with every other actual derived from the same periods: the children
    /// of a province derive a year-to-date from the same months, and one list for all of them is ~130 bytes less each.
    /// </summary>
    internal ResolvedActual? Shared(ResolvedActual? actual)
    {
        if (actual is not { DerivedFrom.Count: > 0 } derived)
        {
            return actual;
        }
        int starts = 0, ends = 0;
        foreach (var p in derived.DerivedFrom)
        {
            starts |= 1 << p.FirstMonth;
            ends |= 1 << p.LastMonth;
        }
        var shared = tilings.GetOrAdd((derived.DerivedFrom[0].Year, starts, ends), derived.DerivedFrom);
        return ReferenceEquals(shared, derived.DerivedFrom) ? derived : derived with { DerivedFrom = shared };
    }

    /// <summary>Keeps an actual resolved from a block at <paramref name="stamp"/> if nothing changed since; false if it was not kept.</summary>
    internal bool TryAddResolved(long stamp, ValueBlock block, ValueBlock.Resolution resolution) =>
        feed.TryPublish(stamp, block, resolution, addResolved);

    private static void Evict(ValueBlock?[] blocks)
    {
        foreach (var block in blocks)
        {
            if (block is not null)
            {
                block.InCache = false;
            }
        }
    }

    /// <summary>What <see cref="Held"/> should be: the sizes of the blocks and targets held, counted afresh.</summary>
    internal long CountHeld()
    {
        long count = 0;
        feed.Locked(() => count = values.Values.Sum(r => r.Blocks.Sum(b => (long)(b?.Size ?? 0))) + targets.Values.Sum(t => (long)t.Length));
        return count;
    }

    private void TrimIfFull()
    {
        if (held > options.Value.MaxFigures)
        {
            Trim(options.Value.MaxFigures * 3 / 4);
        }
    }

    /// <summary>The least recently used rows go (with what was resolved from their blocks); targets are few and go last.</summary>
    private void Trim(long target)
    {
        foreach (var (key, row) in values.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (held <= target)
            {
                return;
            }
            if (values.TryRemove(new KeyValuePair<(string, int), BlockRow>(key, row)))
            {
                held -= row.Blocks.Sum(b => b?.Size ?? 0);
                Evict(row.Blocks);
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
