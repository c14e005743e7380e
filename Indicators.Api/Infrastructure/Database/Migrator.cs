using DbUp.Engine.Output;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>Numbered embedded scripts per dialect (<c>Migrations/{Provider}/NNNN_*.sql</c>), applied by DbUp; applied ones
/// are recorded, so a second run applies nothing.</summary>
internal sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    private string Prefix => $"{typeof(Migrator).Namespace}.Migrations.{db.Provider}.";

    public IReadOnlyList<string> Scripts() =>
        SqlScripts.ResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies what is pending and returns the names of the scripts it ran.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await db.BeforeMigrationsAsync(ct);
        var engine = db.Migrations()
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
        await db.AfterMigrationsAsync(logger, ct);
        return result.Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>True when every embedded script has been applied (readiness).</summary>
    public bool IsUpToDate() =>
        !db.Migrations()
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .LogToNowhere()
            .Build()
            .IsUpgradeRequired();

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
