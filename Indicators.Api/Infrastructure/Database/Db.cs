using System.Data.Common;
using Dapper;
using DbUp.Builder;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// The one connection factory, and the provider seam: every query in the service opens its connection here and takes
/// its SQL text from here. The dialect is chosen once, at composition (<see cref="DatabaseServices"/>): this is a
/// <see cref="Sqlite.SqliteDb"/> or a <see cref="SqlServer.SqlServerDb"/>, and what differs between them lives in those
/// two classes, in <c>.sqlite.sql</c> files beside <c>.sql</c> ones, and in the per-dialect implementations of the few
/// interfaces registered with <see cref="DatabaseServices.AddPerDialect{TService, TSqlite, TSqlServer}"/>.
/// </summary>
internal abstract class Db(DatabaseOptions options)
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>Seconds a single command may run (Database:CommandTimeoutSeconds).</summary>
    public int CommandTimeout { get; } = options.CommandTimeoutSeconds;

    /// <summary>Whether the service seeds an empty database at start when Seed:OnStartup is not set: the embedded
    /// database starts with the province's data outside Production; a server database starts empty.</summary>
    public abstract bool SeedsByDefault { get; }

    protected abstract DbConnection CreateConnection();

    /// <summary>Per-connection setup after opening (SQLite's pragmas).</summary>
    protected virtual ValueTask OnOpenedAsync(DbConnection connection, CancellationToken ct) => default;

    /// <summary>Throws a provider exception that reads as "unavailable" (503) when the database cannot be used at all.</summary>
    public virtual void ThrowIfUnavailable()
    {
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        ThrowIfUnavailable();
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await OnOpenedAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Enter before beginning a write transaction, leave (dispose) after it ends: SQLite queues its writers
    /// here; SQL Server needs nothing (its locks queue writers).</summary>
    public virtual ValueTask<IDisposable?> EnterWriterAsync(CancellationToken ct = default) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>The SQL text of an embedded script, in this provider's dialect (see <see cref="SqlScripts"/>).</summary>
    public string Sql(string name) => SqlScripts.Get(name, Provider);

    /// <summary>The file's statement in this dialect with its parameters, for Dapper.</summary>
    public CommandDefinition Command<TArgs>(SqlFile<TArgs> file, TArgs args, DbTransaction? tx = null, CancellationToken ct = default)
        where TArgs : notnull =>
        new(SqlScripts.For(file.Name, Provider, args), args, tx, cancellationToken: ct);

    /// <summary>The file's statement in this dialect (it takes no parameters), for Dapper.</summary>
    public CommandDefinition Command(SqlFile file, DbTransaction? tx = null, CancellationToken ct = default) =>
        new(SqlScripts.Get(file.Name, Provider), transaction: tx, cancellationToken: ct);

    /// <summary>DbUp's engine over this database (the scripts are chosen by <see cref="Migrator"/>).</summary>
    public abstract UpgradeEngineBuilder Migrations();

    /// <summary>Runs before the migrations (SQLite: create the file, set WAL).</summary>
    public virtual Task BeforeMigrationsAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs after the migrations (SQL Server: READ_COMMITTED_SNAPSHOT).</summary>
    public virtual Task AfterMigrationsAsync(ILogger logger, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Background upkeep while the service runs (SQLite: WAL checkpoints); returns when there is none.</summary>
    public virtual Task MaintainAsync(ILogger logger, CancellationToken stoppingToken) => Task.CompletedTask;
}
