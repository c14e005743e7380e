using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// The one connection factory: every query in the service opens its connection here, so the provider,
/// its pragmas and its SQL dialect are chosen in one place.
/// </summary>
public sealed partial class Db
{
    private readonly DbProviderFactory factory;

    public Db(IOptions<DatabaseOptions> options, IConfiguration configuration)
    {
        var o = options.Value;
        Provider = o.Provider;
        CommandTimeout = o.CommandTimeoutSeconds;
        factory = Provider == DatabaseProvider.Sqlite ? SqliteFactory.Instance : SqlClientFactory.Instance;
        ConnectionString = ResolveConnectionString(o, configuration.GetConnectionString("Indicators"));
        if (IsSqlite && new SqliteConnectionStringBuilder(ConnectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } source } && source != ":memory:")
        {
            sqliteFile = Path.GetFullPath(source);
        }
    }

    /// <summary>The SQLite file, when the database is one.</summary>
    private readonly string? sqliteFile;

    public DatabaseProvider Provider { get; }

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    public string ConnectionString { get; }

    public int CommandTimeout { get; }

    /// <summary>Paging after an ORDER BY, with parameters @Offset and @PageSize.</summary>
    public string PageClause => IsSqlite ? "LIMIT @PageSize OFFSET @Offset" : "OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY";

    /// <summary>Native SQLite connections whose pragmas are set; weak, so a connection the pool closes drops out.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();

    private static readonly object Marker = new();

    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    /// <summary>
    /// SQLite: enter before beginning a write transaction, leave after it ends (dispose). SQLite has one writer at a
    /// time; without this, concurrent writers of this process meet at BEGIN IMMEDIATE and wait by polling (SQLite's
    /// busy handler sleeps up to 100 ms between tries, Microsoft.Data.Sqlite 150 ms, blocking a thread each), so
    /// the lock sits idle between batches. Here they queue asynchronously and the next one starts as soon as the
    /// previous commits. Other processes (a CLI command) are still handled by busy_timeout. SQL Server: nothing.
    /// </summary>
    public async ValueTask<IDisposable?> EnterWriterAsync(CancellationToken ct = default)
    {
        if (!IsSqlite)
        {
            return null;
        }
        // The queue is bounded like the lock itself: a writer that waited a command timeout for its turn gives up as
        // unavailable (503 with Retry-After) instead of holding its client for the sum of everyone's waits.
        if (!await sqliteWriter.WaitAsync(TimeSpan.FromSeconds(CommandTimeout), ct))
        {
            throw new SqliteException("The database stayed busy for the whole command timeout.", 5);
        }
        return new WriterTurn(sqliteWriter);
    }

    private sealed class WriterTurn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    /// <summary>
    /// SQLite: throws (unavailable) when the database file is gone. Pooled connections would go on writing to a deleted
    /// or moved file, acknowledging figures no restart would find: they are dropped, and the service answers
    /// unavailable until the file is back. Connections held outside the pool check this before each use.
    /// </summary>
    public void ThrowIfSqliteFileMissing()
    {
        if (sqliteFile is not null && !File.Exists(sqliteFile))
        {
            SqliteConnection.ClearAllPools();
            throw new SqliteException("The database file is missing.", 14);
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        ThrowIfSqliteFileMissing();
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        try
        {
            await connection.OpenAsync(ct);
            // The pragmas stick to the native connection, which the pool hands out again and again: set them once
            // per native connection rather than on every open (measured: ~25 µs, a good share of a cached read).
            if (IsSqlite && ((SqliteConnection)connection).Handle is { } handle && !Prepared.TryGetValue(handle, out _))
            {
                await using var pragma = connection.CreateCommand();
                // WAL is persistent (set by the first migration); these are per connection. A writer waits for the
                // lock at most the command timeout; after that the database counts as unavailable (503), not busy.
                // Temporary tables (a batch being staged) stay in memory; checkpoints run in the background
                // (WalCheckpointer), the automatic one only past 64 MB of log.
                pragma.CommandText = $"PRAGMA busy_timeout = {CommandTimeout * 1000}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 16384;";
                await pragma.ExecuteNonQueryAsync(ct);
                Prepared.AddOrUpdate(handle, Marker);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the SQLite file when it does not exist yet. Only migrations create it: serving connections open
    /// it read-write without create, so a file that vanished (unmounted volume, wrong path) makes the service
    /// unavailable (503, readiness fails) instead of silently starting an empty database.
    /// </summary>
    public void CreateFileIfMissing()
    {
        if (!IsSqlite)
        {
            return;
        }
        var b = new SqliteConnectionStringBuilder(ConnectionString);
        if (b.Mode != SqliteOpenMode.ReadWrite)
        {
            return;
        }
        b.Mode = SqliteOpenMode.ReadWriteCreate;
        b.Pooling = false;
        using var connection = new SqliteConnection(b.ToString());
        connection.Open();
    }

    /// <summary>The SQL text of an embedded script, in this provider's dialect (see <see cref="SqlScripts"/>).</summary>
    public string Sql(string name) => SqlScripts.Get(name, Provider);

    private static string ResolveConnectionString(DatabaseOptions o, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // Database:CommandTimeoutSeconds applies unless the connection string sets its own timeout.
            var ownTimeout = TimeoutKeyword().IsMatch(configured);
            if (o.Provider == DatabaseProvider.Sqlite)
            {
                var b = new SqliteConnectionStringBuilder(configured);
                var dir = Path.GetDirectoryName(Path.GetFullPath(b.DataSource));
                if (b.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(dir))
                {
                    Directory.CreateDirectory(dir);
                }
                if (b.Mode == SqliteOpenMode.ReadWriteCreate)
                {
                    b.Mode = SqliteOpenMode.ReadWrite;
                }
                if (!ownTimeout)
                {
                    b.DefaultTimeout = o.CommandTimeoutSeconds;
                }
                return b.ToString();
            }
            return ownTimeout ? configured : new SqlConnectionStringBuilder(configured) { CommandTimeout = o.CommandTimeoutSeconds }.ToString();
        }
        if (o.Provider == DatabaseProvider.SqlServer)
        {
            throw new InvalidOperationException(
                "Database:Provider is SqlServer but ConnectionStrings:Indicators is empty. Set it, e.g. " +
                "ConnectionStrings__Indicators='Server=db;Database=Indicators;User Id=indicators;Password=...;Encrypt=True'.");
        }
        var folder = o.DataDirectory ?? Path.Combine(AppContext.BaseDirectory, "data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "indicators.db"),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = o.CommandTimeoutSeconds,
        }.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(default|command)\s*timeout\s*=")]
    private static partial System.Text.RegularExpressions.Regex TimeoutKeyword();
}
