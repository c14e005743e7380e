using System.Collections.Concurrent;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Database.Sqlite;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Infrastructure.Auth.Sqlite;

/// <summary>
/// SQLite: open connections that each keep the key lookup prepared, lent to one request at a time. Each lookup is its
/// own read transaction, ended when the reader is disposed, so a held connection never pins an old snapshot (nor
/// keeps a checkpoint from finishing). Preparing the statement, opening a pooled connection and Dapper's mapping were
/// most of a cached read view's cost (bench/RESULTS.md).
/// </summary>
/// <remarks>
/// A key's row (and data_version) is remembered with the header of the WAL index it was read under
/// (<see cref="WalIndex"/>), and served again only while that header has not changed: while nothing at all has been
/// committed to the database, by any connection of any process. A revocation, like any write, changes the header, so
/// the next request reads the row again, on every replica. That answers the same as reading the row on every request,
/// without the read transaction: under load its locks cost a cached view about 40 % of its CPU (bench/RESULTS.md,
/// 3 December 2026, night). Unknown ids are never remembered.
/// </remarks>
internal sealed class SqliteKeyLookup(Db db) : IKeyLookup, IAsyncDisposable
{
    /// <summary>Key rows remembered at most (they are the rows of api_keys that requests presented).</summary>
    internal const int MaxRemembered = 4096;

    private readonly ConcurrentBag<Lookup> idle = [];
    private readonly int max = Math.Max(4, Environment.ProcessorCount * 4);
    private readonly ConcurrentDictionary<string, Remembered> remembered = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim opening = new(1, 1);
    private int count;
    private long queries;
    private WalIndex? index;

    /// <summary>True once the index is open, or known not to exist; false again after an outage.</summary>
    private bool indexSettled;

    /// <summary>When the index may be tried again after the database could not be read (Environment.TickCount64).</summary>
    private long nextAttempt;

    /// <summary>Lookups that read the database (for the tests: the others were answered from what was remembered).</summary>
    internal long Queries => Interlocked.Read(ref queries);

    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken ct)
    {
        // A moved or deleted file must not be read through connections opened before it went.
        try
        {
            db.ThrowIfUnavailable();
        }
        catch (SqliteException)
        {
            await ForgetAsync();
            throw;
        }
        var wal = Volatile.Read(ref index) ?? await OpenIndexAsync(ct);
        WalIndexHeader header = default;
        var known = wal is not null && wal.TryRead(out header);
        if (known && remembered.TryGetValue(id, out var kept) && kept.Index == wal && kept.Header == header)
        {
            return kept.Record;
        }
        if (!idle.TryTake(out var lookup))
        {
            lookup = await Lookup.OpenAsync(db, ct);
            Interlocked.Increment(ref count);
        }
        var keep = false;
        try
        {
            Interlocked.Increment(ref queries);
            // Read after the header: a commit in between changes the header, so this row is never kept under an older one.
            var record = lookup.Find(id);
            keep = true;
            if (known && record is not null)
            {
                if (remembered.Count >= MaxRemembered)
                {
                    remembered.Clear();
                }
                remembered[id] = new Remembered(wal!, header, record);
            }
            return record;
        }
        finally
        {
            // A lookup that failed (busy, I/O) is closed rather than lent again; so is one beyond the bound.
            if (keep && Volatile.Read(ref count) <= max)
            {
                idle.Add(lookup);
            }
            else
            {
                Interlocked.Decrement(ref count);
                await lookup.DisposeAsync();
            }
        }
    }

    /// <summary>Opens the WAL index once (again after an outage); null meanwhile, and when the database has none.</summary>
    private async Task<WalIndex?> OpenIndexAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref indexSettled) || Environment.TickCount64 < Interlocked.Read(ref nextAttempt) || db is not SqliteDb sqlite)
        {
            return null;
        }
        await opening.WaitAsync(ct);
        try
        {
            if (!indexSettled)
            {
                try
                {
                    Volatile.Write(ref index, await WalIndex.TryOpenAsync(sqlite));
                    Volatile.Write(ref indexSettled, true);
                }
                catch (SqliteException)
                {
                    // The database cannot be read now (locked by another process, going away): this request queries,
                    // and the index is tried again a second later.
                    Interlocked.Exchange(ref nextAttempt, Environment.TickCount64 + 1000);
                }
            }
            return index;
        }
        finally
        {
            opening.Release();
        }
    }

    /// <summary>The database went unavailable: held connections close, nothing remembered is served again, and the WAL
    /// index is given up (a new one is opened once the file is back: it may be another file).</summary>
    private async Task ForgetAsync()
    {
        await opening.WaitAsync();
        try
        {
            remembered.Clear();
            if (index is { } wal)
            {
                Volatile.Write(ref index, null);
                await wal.AbandonAsync();
            }
            Volatile.Write(ref indexSettled, false);
        }
        finally
        {
            opening.Release();
        }
        await CloseIdleAsync();
    }

    private async Task CloseIdleAsync()
    {
        while (idle.TryTake(out var lookup))
        {
            Interlocked.Decrement(ref count);
            await lookup.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        remembered.Clear();
        if (Interlocked.Exchange(ref index, null) is { } wal)
        {
            await wal.DisposeAsync();
        }
        await CloseIdleAsync();
    }

    /// <summary>A key's row, and the WAL index and header it was read under.</summary>
    private sealed record Remembered(WalIndex Index, WalIndexHeader Header, ApiKeyRecord Record);

    private sealed class Lookup(System.Data.Common.DbConnection connection, SqliteCommand command, SqliteParameter id) : IAsyncDisposable
    {
        public static async Task<Lookup> OpenAsync(Db db, CancellationToken ct)
        {
            var connection = await db.OpenAsync(ct);
            try
            {
                var command = ((SqliteConnection)connection).CreateCommand();
                command.CommandText = db.Sql(ApiKeyStore.Find.Name);
                var id = command.Parameters.Add("@Id", SqliteType.Text);
                id.Value = "";
                command.Prepare();
                return new Lookup(connection, command, id);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public ApiKeyRecord? Find(string keyId)
        {
            id.Value = keyId;
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }
            return new ApiKeyRecord
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                OrgUnit = reader.GetString(2),
                Role = reader.GetString(3),
                CreatedAt = DapperSetup.ParseTime(reader.GetString(4)),
                RevokedAt = reader.IsDBNull(5) ? null : DapperSetup.ParseTime(reader.GetString(5)),
                KeyHash = (byte[])reader.GetValue(6),
                DataVersion = reader.GetInt64(7),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
