using System.Collections.Concurrent;
using System.Data.Common;
using System.IO.MemoryMappedFiles;
using Dapper;

namespace Indicators.Api.Infrastructure.Database.Sqlite;

/// <summary>One copy of the WAL index's header, as six words: what <see cref="WalIndex.TryRead"/> compares.</summary>
internal readonly record struct WalIndexHeader(long Word0, long Word1, long Word2, long Word3, long Word4, long Word5);

/// <summary>
/// Tells, without a transaction, whether anything was committed to the database since an earlier moment. It reads the
/// header of SQLite's WAL index: the <c>-shm</c> file every connection to a WAL database maps as shared memory, in every
/// process (format: https://www.sqlite.org/walformat.html, section 2.1). Every write transaction of any connection
/// rewrites that header before its commit returns: <c>iChange</c> counts the transactions, and the frame count and
/// checksums move. So the same header read at two moments means nothing was committed in between; SQLite's own readers
/// read it the same way, without a lock: the two copies, the second written first, must match.
/// </summary>
/// <remarks>
/// <para>What keeps the mapping true: the <c>-shm</c> file is deleted or rebuilt only by a connection that finds itself
/// the last one to the database, and every connection holds a shared lock on the database file while it is open
/// (walformat.html, 2.3.1). This index holds its own connection open (the anchor) for as long as it is used, and checks
/// that the database is in WAL mode: no other mode can be set while a connection is open.</para>
/// <para>The <c>-shm</c> file is opened only after the anchor, and its descriptor is never closed while SQLite may hold
/// locks on the file: closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's own
/// included. An index given up in an outage (<see cref="AbandonAsync"/>) keeps its descriptor open until the process ends;
/// after <see cref="MaxAbandoned"/> of them, no new index is opened and lookups simply query.</para>
/// </remarks>
internal sealed class WalIndex
{
    /// <summary>iVersion, the header's first field: "always 3007000".</summary>
    private const uint Version = 3007000;

    /// <summary>The size of one copy of the header; the second copy follows the first.</summary>
    private const int CopySize = 48;

    /// <summary>Outages after which this process stops opening indexes (each keeps one descriptor open).</summary>
    public const int MaxAbandoned = 16;

    private static readonly SqlFile Anchor = new("Infrastructure.Database.Sqlite.WalAnchor");

    /// <summary>The <c>-shm</c> descriptors of abandoned indexes: see the remarks.</summary>
    private static readonly ConcurrentBag<FileStream> Abandoned = [];

    private readonly DbConnection anchor;
    private readonly FileStream shm;
    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor view;
    private int closed;

    private WalIndex(DbConnection anchor, FileStream shm, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        this.anchor = anchor;
        this.shm = shm;
        this.map = map;
        this.view = view;
    }

    /// <summary>The index of the database's file, or null when there is none to read: an in-memory database, a database
    /// not in WAL mode, a <c>-shm</c> file that cannot be opened, or too many outages already. Throws the
    /// <see cref="Microsoft.Data.Sqlite.SqliteException"/> of a database that cannot be read now (away, locked).</summary>
    public static async Task<WalIndex?> TryOpenAsync(SqliteDb db)
    {
        if (db.FilePath is not { } file || Abandoned.Count >= MaxAbandoned)
        {
            return null;
        }
        var anchor = await db.OpenAsync();
        FileStream? shm = null;
        MemoryMappedFile? map = null;
        try
        {
            // Reading a row attaches the connection to the WAL: it holds its shared lock from here until it closes.
            var mode = await anchor.QuerySingleAsync<string>(db.Command(Anchor));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                await anchor.DisposeAsync();
                return null;
            }
            shm = new FileStream(file + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (shm.Length < 2 * CopySize)
            {
                // Not an index SQLite has set up (it maps at least 32 KB once a connection has read): nothing to read, and
                // mapping an empty file would throw.
                throw new IOException($"The WAL index {file}-shm holds {shm.Length} bytes.");
            }
            map = MemoryMappedFile.CreateFromFile(shm, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, 2 * CopySize, MemoryMappedFileAccess.Read);
            return new WalIndex(anchor, shm, map, view);
        }
        catch (Exception ex)
        {
            map?.Dispose();
            if (shm is not null)
            {
                // Kept open: see the remarks.
                Abandoned.Add(shm);
            }
            await anchor.DisposeAsync();
            if (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            throw;
        }
    }

    /// <summary>Reads a consistent header: false when none can be read without a lock (a writer is rewriting it, the
    /// index is being rebuilt, or this index was given up), and then the caller must query.</summary>
    public bool TryRead(out WalIndexHeader header)
    {
        header = default;
        try
        {
            if (Volatile.Read(ref closed) != 0 || view.ReadUInt32(0) != Version || view.ReadByte(12) != 1)
            {
                return false;
            }
            var first = ReadCopy(0);
            Interlocked.MemoryBarrier();
            var second = ReadCopy(CopySize);
            if (first != second)
            {
                return false;
            }
            header = first;
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private WalIndexHeader ReadCopy(int at) => new(
        view.ReadInt64(at), view.ReadInt64(at + 8), view.ReadInt64(at + 16), view.ReadInt64(at + 24), view.ReadInt64(at + 32), view.ReadInt64(at + 40));

    /// <summary>Gives the index up (the database went unavailable): the anchor closes, the mapping goes, and the
    /// <c>-shm</c> descriptor stays open until the process ends.</summary>
    public async ValueTask AbandonAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }
        view.Dispose();
        map.Dispose();
        Abandoned.Add(shm);
        await anchor.DisposeAsync();
    }

    /// <summary>At shutdown: everything closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }
        view.Dispose();
        map.Dispose();
        await shm.DisposeAsync();
        await anchor.DisposeAsync();
    }
}
