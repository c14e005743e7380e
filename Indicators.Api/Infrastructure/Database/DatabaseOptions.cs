using System.Text.RegularExpressions;

namespace Indicators.Api.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Section <c>Database</c>; the connection string is <c>ConnectionStrings:Indicators</c>.</summary>
internal sealed partial class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the service starts (the <c>migrate</c> command always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seconds a single command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Where the embedded SQLite file lives when no connection string is given.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Whether a connection string sets its own command timeout (then Database:CommandTimeoutSeconds does not apply).</summary>
    public static bool SetsOwnTimeout(string connectionString) => TimeoutKeyword().IsMatch(connectionString);

    [GeneratedRegex(@"(?i)(default|command)\s*timeout\s*=")]
    private static partial Regex TimeoutKeyword();
}
