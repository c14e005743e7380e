using Dapper;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>One figure key a write changed: its stored values or its targets of one indicator, org unit and year.</summary>
internal readonly record struct ChangedFigure(bool Targets, string Indicator, string OrgUnit, int Year);

/// <summary>What changed between two versions, as the listeners of <see cref="ChangeFeed"/> receive it.</summary>
internal sealed class ChangeSet
{
    /// <summary>The log could not say what changed (the replica fell behind it, or it is the replica's first look): drop
    /// everything.</summary>
    public bool Everything { get; init; }

    /// <summary>The catalogue changed: every computed view may change; stored figures did not.</summary>
    public bool Catalogue { get; init; }

    public IReadOnlyList<ChangedFigure> Figures { get; init; } = [];

    public static readonly ChangeSet All = new() { Everything = true };
}

/// <summary>A cache that keeps what it holds right by the change log: it drops what <see cref="Apply"/> names.</summary>
internal interface IChangeListener
{
    /// <summary>Called under <see cref="ChangeFeed"/>'s lock, before the version moves on: drop what depends on the changes. Keep it short.</summary>
    void Apply(ChangeSet changes);
}

/// <summary>
/// This replica's view of the change log: the version up to which its caches have dropped what changed
/// (<see cref="Applied"/>). Every write logs the keys it changed under the version it bumped, in its own transaction
/// (<see cref="DataVersion.BumpAsync"/>); a request brings the feed up to the version the database had when the request
/// arrived (<see cref="EnsureAsync"/>), reading only the log rows after <see cref="Applied"/> — one small query per write, once
/// per replica — and the listeners drop exactly what those rows name. No message bus, no sticky sessions: every
/// replica reads the same log.
/// </summary>
/// <remarks>
/// <para>The rule that keeps caches right: everything a listener holds reflects the database at <see cref="Applied"/> or
/// later. Advancing removes what changed before the version moves (under the lock). A computation takes
/// <see cref="Applied"/> as its stamp before it reads any cache, and stores its results only through
/// <see cref="TryPublish"/>, which refuses them if the version moved meanwhile (the result still answers the request
/// that computed it: it is no older than the stamp, which is no older than the request).</para>
/// <para>A version missing from the log (pruned, or written by a build that does not log) makes the listeners drop
/// everything: never stale, only a cold computation.</para>
/// </remarks>
[Singleton]
internal sealed class ChangeFeed(Db db, IOptions<ChangeLogOptions> options, ILogger<ChangeFeed> logger)
{
    private static readonly SqlFile<ChangesSince> ReadLog = new("Infrastructure.Database.ChangeLogRead");

    private readonly Lock sync = new();
    private readonly SemaphoreSlim catchingUp = new(1, 1);
    private IChangeListener[] listeners = [];

    /// <summary>-1 until the first look at the database: caches hold nothing yet.</summary>
    private long applied = -1;

    private long resets;
    private long rowsRead;

    /// <summary>The version this replica's caches are right at.</summary>
    public long Applied => Volatile.Read(ref applied);

    /// <summary>How many times the caches dropped everything because the log could not say what changed.</summary>
    public long Resets => Interlocked.Read(ref resets);

    /// <summary>Change-log rows read to catch up.</summary>
    public long RowsRead => Interlocked.Read(ref rowsRead);

    public void Subscribe(IChangeListener listener)
    {
        lock (sync)
        {
            listeners = [.. listeners, listener];
        }
    }

    /// <summary>Brings the caches up to at least <paramref name="version"/> (the database's version when the request
    /// arrived, read with the caller's API key); returns <see cref="Applied"/>.</summary>
    public async ValueTask<long> EnsureAsync(long version, CancellationToken ct)
    {
        var now = Applied;
        if (now >= version && now >= 0)
        {
            return now;
        }
        await catchingUp.WaitAsync(ct);
        try
        {
            now = Applied;
            if (now >= version && now >= 0)
            {
                return now;
            }
            await CatchUpAsync(now, version, ct);
            return Applied;
        }
        finally
        {
            catchingUp.Release();
        }
    }

    /// <summary>Brings the caches up to the database's current version (no request version at hand).</summary>
    public async ValueTask<long> EnsureCurrentAsync(CancellationToken ct)
    {
        long version;
        await using (var c = await db.OpenAsync(ct))
        {
            version = await DataVersion.ReadAsync(db, c);
        }
        return await EnsureAsync(version, ct);
    }

    /// <summary>Runs <paramref name="publish"/> (storing computed results) only if the version is still
    /// <paramref name="stamp"/>: nothing changed since the computation read the caches.</summary>
    public bool TryPublish(long stamp, Action publish)
    {
        lock (sync)
        {
            if (stamp < 0 || applied != stamp)
            {
                return false;
            }
            publish();
            return true;
        }
    }

    /// <summary>As <see cref="TryPublish(long, Action)"/>, without a closure (the views publish every actual they resolve).</summary>
    public bool TryPublish<T1, T2>(long stamp, T1 first, T2 second, Action<T1, T2> publish)
    {
        lock (sync)
        {
            if (stamp < 0 || applied != stamp)
            {
                return false;
            }
            publish(first, second);
            return true;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the lock that <see cref="IChangeListener.Apply"/> runs under (a cache trimming itself).</summary>
    public void Locked(Action action)
    {
        lock (sync)
        {
            action();
        }
    }

    private async Task CatchUpAsync(long from, long version, CancellationToken ct)
    {
        // The first look, or further behind than the log keeps: only the head matters, and everything is dropped.
        var readRows = from >= 0 && version - from <= options.Value.RetainVersions;
        List<LogRow> rows;
        await using (var c = await db.OpenAsync(ct))
        {
            rows = (await c.QueryAsync<LogRow>(db.Command(ReadLog, new ChangesSince(readRows ? from : long.MaxValue, MaxRows + 1), null, ct))).ToList();
        }
        var head = rows[0].Head;
        if (from < 0)
        {
            // Nothing is cached before the first look.
            Advance(head, ChangeSet.All, reset: false);
            return;
        }
        if (head <= from)
        {
            return;
        }
        var logged = rows.Where(r => r.Version is not null).ToList();
        Interlocked.Add(ref rowsRead, logged.Count);
        // More changed keys than the limit since this replica last looked (a bulk load, a long absence): most of what it
        // holds is stale anyway, and reading them all would cost more than starting afresh.
        readRows &= logged.Count <= MaxRows;
        var present = new HashSet<long>();
        var figures = new List<ChangedFigure>();
        var catalogue = false;
        foreach (var row in logged)
        {
            present.Add(row.Version!.Value);
            switch (row.Kind)
            {
                case DataChange.ValuesKind:
                    figures.Add(new ChangedFigure(false, row.Indicator!, row.OrgUnit!, row.Year!.Value));
                    break;
                case DataChange.TargetsKind:
                    figures.Add(new ChangedFigure(true, row.Indicator!, row.OrgUnit!, row.Year!.Value));
                    break;
                case DataChange.CatalogueKind:
                    catalogue = true;
                    break;
            }
        }
        var complete = readRows;
        for (var v = from + 1; complete && v <= head; v++)
        {
            complete = present.Contains(v);
        }
        if (!complete)
        {
            logger.LogInformation("The change log does not hold every version from {From} to {Head}: the view caches start afresh", from + 1, head);
            Advance(head, ChangeSet.All, reset: true);
            return;
        }
        Advance(head, new ChangeSet { Catalogue = catalogue, Figures = figures }, reset: false);
    }

    private void Advance(long head, ChangeSet changes, bool reset)
    {
        lock (sync)
        {
            foreach (var listener in listeners)
            {
                listener.Apply(changes);
            }
            Volatile.Write(ref applied, Math.Max(applied, head));
        }
        if (reset)
        {
            Interlocked.Increment(ref resets);
        }
    }

    /// <summary>Change-log rows read to catch up, at most: about 100 writes of a district's monthly report.</summary>
    public const int MaxRows = 10_000;

    internal sealed record ChangesSince(long Since, int Limit);

    /// <summary>The head version, and one log row (all null when nothing changed).</summary>
    private sealed class LogRow
    {
        public long Head { get; init; }

        public long? Version { get; init; }

        public string? Kind { get; init; }

        public string? Indicator { get; init; }

        public string? OrgUnit { get; init; }

        public int? Year { get; init; }
    }
}

/// <summary>Deletes the change log's versions older than <see cref="ChangeLogOptions.RetainVersions"/>, from time to time.</summary>
internal sealed class ChangeLogPruner(Db db, IOptions<ChangeLogOptions> options, ILogger<ChangeLogPruner> logger) : BackgroundService
{
    private static readonly SqlFile<Retention> Prune = new("Infrastructure.Database.ChangeLogPrune");

    /// <summary>One pruning, under the writer's turn; returns the rows deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        using var turn = await db.EnterWriterAsync(ct);
        return await c.ExecuteAsync(db.Command(Prune, new Retention(options.Value.RetainVersions), null, ct));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PruneIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be away (an outage); the next tick tries again.
                logger.LogDebug(ex, "Pruning the change log failed");
            }
        }
    }

    internal sealed record Retention(long Retain);
}
