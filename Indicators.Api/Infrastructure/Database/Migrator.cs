using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>Numbered embedded scripts per dialect, applied by DbUp; applied ones are recorded, so a second run applies nothing.</summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    private string Prefix => $"{typeof(Migrator).Namespace}.Migrations.{db.Provider}.";

    public IReadOnlyList<string> Scripts() =>
        SqlScripts.ResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies what is pending and returns the names of the scripts it ran.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        if (db.IsSqlite)
        {
            // WAL lets readers work while a batch is written; it is a property of the file and cannot be set inside a transaction.
            db.CreateFileIfMissing();
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }

        var builder = db.IsSqlite
            ? DeployChanges.To.SqliteDatabase(db.ConnectionString)
            : DeployChanges.To.SqlDatabase(db.ConnectionString);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
        if (!db.IsSqlite)
        {
            await EnsureReadCommittedSnapshotAsync(ct);
        }
        return result.Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>Turns READ_COMMITTED_SNAPSHOT on where the login may; otherwise says what the DBA must run.</summary>
    private async Task EnsureReadCommittedSnapshotAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            var on = await connection.ExecuteScalarAsync<int>(db.Sql("Infrastructure.Database.ReadCommittedSnapshot"));
            if (on != 1)
            {
                logger.LogWarning("READ_COMMITTED_SNAPSHOT is off; readers may wait for writers. Ask the DBA to run: ALTER DATABASE <name> SET READ_COMMITTED_SNAPSHOT ON");
            }
        }
        catch (Microsoft.Data.SqlClient.SqlException ex)
        {
            logger.LogWarning("READ_COMMITTED_SNAPSHOT could not be turned on ({Reason}). Ask the DBA to run: ALTER DATABASE <name> SET READ_COMMITTED_SNAPSHOT ON", ex.Message);
        }
    }

    /// <summary>True when every embedded script has been applied (readiness).</summary>
    public bool IsUpToDate()
    {
        var builder = db.IsSqlite
            ? DeployChanges.To.SqliteDatabase(db.ConnectionString)
            : DeployChanges.To.SqlDatabase(db.ConnectionString);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .LogToNowhere()
            .Build();
        return !engine.IsUpgradeRequired();
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);

        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);

        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);

        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);

        public void LogError(string format, params object[] args) => logger.LogError(format, args);

        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
