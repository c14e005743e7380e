using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Reports;

internal sealed record TargetRow
{
    public string Indicator { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public string Kind { get; init; } = "";
    public decimal Value { get; init; }
    public string Comparison { get; init; } = "";

    public StoredTarget ToStored() => new(
        Period.OfMonths(Year, FirstMonth, LastMonth), Stored.Wire<TargetKind>(Kind), Value, Stored.Wire<Comparison>(Comparison));
}

/// <summary>
/// One view's access to the figures (<see cref="FigureCache.BeginAsync"/>): the catalogue, the current values and
/// targets it loads by (indicators × org units × years), and the actuals resolved from them. What the cache holds is
/// taken from it; what it lacks is read in one query per call (a few when the keys lacking are scattered), whatever the
/// number of rows or points; every figure is then computed by the domain engine. What it loads and resolves is kept for
/// the next requests as soon as it has it, if nothing changed since the view began (<see cref="ChangeFeed.TryPublish"/>);
/// else only this view uses it.
/// </summary>
/// <remarks>
/// The blocks a view uses are pinned here when it loads them, so a write that drops them from the cache while the view
/// computes does not change its answer halfway: the answer is as of its stamp, which is no older than the request.
/// </remarks>
internal sealed class ReportFigures : IAsyncDisposable
{
    private static readonly SqlFile<FigureScope> CurrentValues = new("Features.Reports.CurrentValues");
    private static readonly SqlFile<FigureScope> CurrentTargets = new("Features.Reports.CurrentTargets");

    private readonly FigureCache cache;
    private readonly long stamp;
    private readonly CancellationToken ct;
    // The blocks this view uses, by (indicator, year) and unit ordinal: the cache's rows as they were when first asked
    // for, copied when this view adds what it loaded.
    private readonly Dictionary<(string Indicator, int Year), ValueBlock?[]> rows = [];
    private readonly HashSet<(string Indicator, int Year)> ownRows = [];
    private readonly Dictionary<FigureKey, StoredTarget[]> targets = [];
    private readonly Dictionary<(ValueBlock, int, int), ResolvedActual?> resolvedHere = [];
    private int resolved;
    private readonly Dictionary<(string OrgUnit, int Year, int FirstMonth, int LastMonth), int[]?> children = [];
    private DbConnection? connection;

    internal ReportFigures(FigureCache cache, long stamp, CancellationToken ct)
    {
        this.cache = cache;
        this.stamp = stamp;
        this.ct = ct;
    }

    public CatalogueSnapshot Catalogue { get; internal set; } = null!;

    internal async Task<DbConnection> ConnectionAsync() => connection ??= await cache.Db.OpenAsync(ct);

    /// <summary>The current values of <c>indicators × orgUnits × years</c>, whole years: from the cache, and what it lacks
    /// in one query.</summary>
    public async Task LoadValuesAsync(IReadOnlyCollection<string> indicators, IReadOnlyCollection<string> orgUnits, IReadOnlyCollection<int> years)
    {
        var units = orgUnits.Select(u => (Code: u, Ordinal: cache.Ordinal(u))).ToList();
        var missing = new List<FigureKey>();
        foreach (var indicator in indicators)
        {
            foreach (var year in years)
            {
                var row = RowOf(indicator, year);
                foreach (var (unit, ordinal) in units)
                {
                    if (ordinal >= row.Length || row[ordinal] is null)
                    {
                        missing.Add(new FigureKey(indicator, unit, year));
                    }
                }
            }
        }
        foreach (var (i, u, y) in Products(missing))
        {
            var found = new Dictionary<FigureKey, StoredValue[]>();
            await using (var reader = await (await ConnectionAsync()).ExecuteReaderAsync(cache.Db.Command(CurrentValues, new FigureScope(Json(i), Json(u), Json(y)), null, ct)))
            {
                while (await reader.ReadAsync(ct))
                {
                    var year = reader.GetInt32(2);
                    found[new FigureKey(reader.GetString(0), reader.GetString(1), year)] = ParseBlock(year, reader.GetString(3));
                }
            }
            // Every key asked for gets a block, an empty one when it holds no value: that too is worth keeping.
            var ordinals = u.Select(cache.Ordinal).ToList();
            var loadedValues = new Dictionary<(string Indicator, int Year), List<(int Ordinal, ValueBlock Block)>>();
            foreach (var indicator in i)
            {
                foreach (var year in y)
                {
                    var row = OwnRow(indicator, year, ordinals.Max() + 1);
                    for (var k = 0; k < u.Count; k++)
                    {
                        if (row[ordinals[k]] is null)
                        {
                            var block = new ValueBlock(found.TryGetValue(new FigureKey(indicator, u[k], year), out var values) ? values : []);
                            row[ordinals[k]] = block;
                            if (!loadedValues.TryGetValue((indicator, year), out var loaded))
                            {
                                loadedValues[(indicator, year)] = loaded = [];
                            }
                            loaded.Add((ordinals[k], block));
                        }
                    }
                }
            }
            cache.Stats.BlocksLoaded(i.Count * u.Count * y.Count);
            cache.PublishValues(stamp, loadedValues);
        }
    }

    private static readonly Dictionary<string, ValueStatus>.AlternateLookup<ReadOnlySpan<char>> Statuses =
        Enum.GetValues<ValueStatus>().ToDictionary(WireNames.ToWire, s => s, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// A block's values as CurrentValues.sql writes them: "first last value status" for each, separated by single spaces.
    /// Decimals are read from their text exactly (SQLite's canonical text, SQL Server's four decimals) and without
    /// trailing zeros, as values round-trip.
    /// </summary>
    private static StoredValue[] ParseBlock(int year, string text)
    {
        var values = new List<StoredValue>(16);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var first = int.Parse(Token(ref rest), CultureInfo.InvariantCulture);
            var last = int.Parse(Token(ref rest), CultureInfo.InvariantCulture);
            var value = DapperSetup.Normalize(decimal.Parse(Token(ref rest), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture));
            var status = Token(ref rest);
            values.Add(new StoredValue(Period.OfMonths(year, first, last), value,
                Statuses.TryGetValue(status, out var known) ? known : throw new InvalidOperationException($"The database holds '{status}', which is not a ValueStatus.")));
        }
        return [.. values];
    }

    private static ReadOnlySpan<char> Token(ref ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOf(' ');
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return token;
    }

    /// <summary>The row as this view sees it: the one it took first, else the cache's now.</summary>
    private ValueBlock?[] RowOf(string indicator, int year)
    {
        if (!rows.TryGetValue((indicator, year), out var row))
        {
            rows[(indicator, year)] = row = cache.Row(indicator, year);
        }
        return row;
    }

    /// <summary>The row, copied once for this view to add to (long enough for <paramref name="length"/> units).</summary>
    private ValueBlock?[] OwnRow(string indicator, int year, int length)
    {
        var row = RowOf(indicator, year);
        if (ownRows.Add((indicator, year)) || row.Length < length)
        {
            var copy = new ValueBlock?[Math.Max(row.Length, length)];
            row.CopyTo(copy, 0);
            rows[(indicator, year)] = row = copy;
        }
        return row;
    }

    /// <summary>The current targets, every kind, of <c>indicators × orgUnits × years</c>: from the cache, and what it lacks in one query.</summary>
    public async Task LoadTargetsAsync(IReadOnlyCollection<string> indicators, IReadOnlyCollection<string> orgUnits, IReadOnlyCollection<int> years)
    {
        var missing = new List<FigureKey>();
        foreach (var indicator in indicators)
        {
            foreach (var unit in orgUnits)
            {
                foreach (var year in years)
                {
                    var key = new FigureKey(indicator, unit, year);
                    if (targets.ContainsKey(key))
                    {
                        continue;
                    }
                    if (cache.TryGetTargets(key, out var found))
                    {
                        targets[key] = found;
                    }
                    else
                    {
                        missing.Add(key);
                    }
                }
            }
        }
        foreach (var (i, u, y) in Products(missing))
        {
            var loadedTargets = new Dictionary<FigureKey, StoredTarget[]>();
            var rows = (await (await ConnectionAsync()).QueryAsync<TargetRow>(cache.Db.Command(CurrentTargets, new FigureScope(Json(i), Json(u), Json(y)), null, ct)))
                .ToLookup(r => new FigureKey(r.Indicator, r.OrgUnit, r.Year));
            foreach (var indicator in i)
            {
                foreach (var unit in u)
                {
                    foreach (var year in y)
                    {
                        var key = new FigureKey(indicator, unit, year);
                        var found = rows[key].Select(r => r.ToStored()).ToArray();
                        targets.TryAdd(key, found);
                        loadedTargets.TryAdd(key, found);
                    }
                }
            }
            cache.Stats.BlocksLoaded(i.Count * u.Count * y.Count);
            cache.PublishTargets(stamp, loadedTargets);
        }
    }

    /// <summary>The current targets (every kind) of the unit for the year; loaded with <see cref="LoadTargetsAsync"/>.</summary>
    public IReadOnlyCollection<StoredTarget> Targets(string indicator, string orgUnit, int year) =>
        targets.TryGetValue(new FigureKey(indicator, orgUnit, year), out var found)
            ? found
            : throw new InvalidOperationException($"The targets of {indicator} for {orgUnit} in {year} were not loaded.");

    /// <summary>The unit's actual from its own values only (<see cref="Actuals.ResolveOverTime"/>), remembered per block.</summary>
    public ResolvedActual? OwnActual(string indicator, Measure measure, string orgUnit, Period period) =>
        OwnActual(indicator, measure, cache.Ordinal(orgUnit), period);

    /// <summary>
    /// The unit's actual for the period (SPEC "Plan-versus-actual rules"): its own values resolved over time, else the
    /// sum of its territorial children valid during that period, with their coverage (<see cref="Actuals.Combine"/> of
    /// the resolutions of the unit and of each child: a write to one child resolves that child again, not its siblings).
    /// </summary>
    public UnitActual Actual(string indicator, Measure measure, string orgUnit, Period period)
    {
        var key = (orgUnit, period.Year, period.FirstMonth, period.LastMonth);
        if (!children.TryGetValue(key, out var ordinals))
        {
            children[key] = ordinals = Catalogue.TerritorialChildrenDuring(orgUnit, period)?.Select(child => cache.Ordinal(child.Code)).ToArray();
        }
        ResolvedActual?[]? resolvedChildren = null;
        if (ordinals is not null)
        {
            resolvedChildren = new ResolvedActual?[ordinals.Length];
            for (var k = 0; k < ordinals.Length; k++)
            {
                resolvedChildren[k] = OwnActual(indicator, measure, ordinals[k], period);
            }
        }
        return Actuals.Combine(measure, OwnActual(indicator, measure, orgUnit, period), resolvedChildren);
    }

    private ResolvedActual? OwnActual(string indicator, Measure measure, int ordinal, Period period)
    {
        if (!rows.TryGetValue((indicator, period.Year), out var row) || ordinal >= row.Length || row[ordinal] is not { } block)
        {
            throw new InvalidOperationException($"The values of {indicator} for unit #{ordinal} in {period.Year} were not loaded.");
        }
        if (block.TryGetResolved(period.FirstMonth, period.LastMonth, out var actual) || resolvedHere.TryGetValue((block, period.FirstMonth, period.LastMonth), out actual))
        {
            return actual;
        }
        actual = cache.Shared(Actuals.ResolveOverTime(measure, period, block.Values));
        resolved++;
        if (!cache.TryAddResolved(stamp, block, new ValueBlock.Resolution(period.FirstMonth, period.LastMonth, actual)))
        {
            resolvedHere[(block, period.FirstMonth, period.LastMonth)] = actual;
        }
        return actual;
    }

    public async ValueTask DisposeAsync()
    {
        cache.Stats.Resolved(resolved);
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The keys to load as few products of (indicators × units × years) — one query each — that cover them without
    /// reading much that is held: usually one (a cold view, or a write's district for each indicator), else one per year
    /// and unit.
    /// </summary>
    private static IEnumerable<(List<string> Indicators, List<string> OrgUnits, List<int> Years)> Products(List<FigureKey> missing)
    {
        if (missing.Count == 0)
        {
            yield break;
        }
        var i = missing.Select(k => k.Indicator).Distinct().ToList();
        var u = missing.Select(k => k.OrgUnit).Distinct().ToList();
        var y = missing.Select(k => k.Year).Distinct().ToList();
        if ((long)i.Count * u.Count * y.Count <= missing.Count * 2L + 16)
        {
            yield return (i, u, y);
            yield break;
        }
        foreach (var group in missing.GroupBy(k => (k.Year, k.OrgUnit)))
        {
            yield return (group.Select(k => k.Indicator).Distinct().ToList(), [group.Key.OrgUnit], [group.Key.Year]);
        }
    }

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.Distinct());

    /// <summary>The lists travel as JSON arrays (one parameter each), so a long list never meets SQL Server's 2,100-parameter limit.</summary>
    internal sealed record FigureScope(string Indicators, string OrgUnits, string Years);
}

/// <summary>What the views' endpoints share besides the figures.</summary>
internal static class ReportData
{
    /// <summary>A figure as the views write it: without insignificant trailing zeros, as values round-trip (6.00 → 6,
    /// 2.70 → 2.7); the rounding to the indicator's decimals or to 2 percentage decimals has already happened.</summary>
    public static decimal? Number(decimal? value) => value is { } v ? DapperSetup.Normalize(v) : null;
}
