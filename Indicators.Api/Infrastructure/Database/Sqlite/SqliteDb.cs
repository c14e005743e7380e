using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Database.Sqlite;

/// <summary>The embedded database: one SQLite file in WAL mode, decimals as canonical text (see <see cref="DapperSetup"/>).</summary>
internal sealed class SqliteDb : Db
{
    private static readonly SqlFile Pragmas = new("Infrastructure.Database.Sqlite.Pragmas");
    private static readonly SqlFile JournalMode = new("Infrastructure.Database.Sqlite.JournalMode");

    /// <summary>Native SQLite connections whose pragmas are set; weak, so a connection the pool closes drops out.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();

    private static readonly object Marker = new();

    private readonly SemaphoreSlim writer = new(1, 1);

    /// <summary>The SQLite file, when the database is one (not in-memory).</summary>
    private readonly string? file;

    public SqliteDb(IOptions<DatabaseOptions> options, IConfiguration configuration) : base(options.Value)
    {
        ConnectionString = ResolveConnectionString(options.Value, configuration.GetConnectionString("Indicators"));
        if (new SqliteConnectionStringBuilder(ConnectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } source } && source != ":memory:")
        {
            file = Path.GetFullPath(source);
        }
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>The full path of the database file; null for an in-memory database.</summary>
    public string? FilePath => file;

    public override string ConnectionString { get; }

    public override bool SeedsByDefault => true;

    protected override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    /// <summary>
    /// Throws (unavailable) when the database file is gone. Pooled connections would go on writing to a deleted or moved
    /// file, acknowledging figures no restart would find: they are dropped, and the service answers unavailable until
    /// the file is back. Connections held outside the pool check this before each use.
    /// </summary>
    public override void ThrowIfUnavailable()
    {
        if (file is not null && !File.Exists(file))
        {
            SqliteConnection.ClearAllPools();
            throw new SqliteException("The database file is missing.", 14);
        }
    }

    /// <summary>
    /// The pragmas stick to the native connection, which the pool hands out again and again: they are set once per native
    /// connection rather than on every open (measured: ~25 µs, a good share of a cached read). WAL is persistent (set
    /// before the first migration); these are per connection. A writer waits for the lock at most the command timeout
    /// (SQLite's busy handler, set through its C API); after that the database counts as unavailable (503), not busy.
    /// </summary>
    protected override async ValueTask OnOpenedAsync(DbConnection connection, CancellationToken ct)
    {
        if (((SqliteConnection)connection).Handle is not { } handle || Prepared.TryGetValue(handle, out _))
        {
            return;
        }
        SQLitePCL.raw.sqlite3_busy_timeout(handle, CommandTimeout * 1000);
        await connection.ExecuteAsync(Command(Pragmas, ct: ct));
        Prepared.AddOrUpdate(handle, Marker);
    }

    /// <summary>
    /// SQLite has one writer at a time; without this queue, concurrent writers of this process meet at BEGIN IMMEDIATE
    /// and wait by polling (SQLite's busy handler sleeps up to 100 ms between tries, Microsoft.Data.Sqlite 150 ms,
    /// blocking a thread each), so the lock sits idle between batches. Here they queue asynchronously and the next one
    /// starts as soon as the previous commits. Other processes (a CLI command) are still handled by the busy timeout.
    /// </summary>
    public override async ValueTask<IDisposable?> EnterWriterAsync(CancellationToken ct = default)
    {
        // The queue is bounded like the lock itself: a writer that waited a command timeout for its turn gives up as
        // unavailable (503 with Retry-After) instead of holding its client for the sum of everyone's waits.
        if (!await writer.WaitAsync(TimeSpan.FromSeconds(CommandTimeout), ct))
        {
            throw new SqliteException("The database stayed busy for the whole command timeout.", 5);
        }
        return new WriterTurn(writer);
    }

    public override UpgradeEngineBuilder Migrations() => DeployChanges.To.SqliteDatabase(ConnectionString);

    /// <summary>
    /// Only migrations create the file: serving connections open it read-write without create, so a file that vanished
    /// (unmounted volume, wrong path) makes the service unavailable (503, readiness fails) instead of silently starting
    /// an empty database. WAL lets readers work while a batch is written; it is a property of the file and cannot be set
    /// inside a transaction, so it is set here, before the migrations' transactions.
    /// </summary>
    public override async Task BeforeMigrationsAsync(CancellationToken ct)
    {
        var b = new SqliteConnectionStringBuilder(ConnectionString);
        if (b.Mode == SqliteOpenMode.ReadWrite)
        {
            b.Mode = SqliteOpenMode.ReadWriteCreate;
            b.Pooling = false;
            await using var create = new SqliteConnection(b.ToString());
            await create.OpenAsync(ct);
        }
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(Command(JournalMode, ct: ct));
    }

    public override Task MaintainAsync(ILogger logger, CancellationToken stoppingToken) => WalCheckpointer.RunAsync(this, logger, stoppingToken);

    private static string ResolveConnectionString(DatabaseOptions o, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
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
            // Database:CommandTimeoutSeconds applies unless the connection string sets its own timeout.
            if (!DatabaseOptions.SetsOwnTimeout(configured))
            {
                b.DefaultTimeout = o.CommandTimeoutSeconds;
            }
            return b.ToString();
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
}
