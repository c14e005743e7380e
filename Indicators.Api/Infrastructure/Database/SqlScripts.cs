using System.Collections.Concurrent;
using System.Reflection;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// Embedded SQL files beside the code that runs them. <c>Features/Values/List/Query.sql</c> is named
/// <c>Features.Values.List.Query</c>; a <c>Query.sqlite.sql</c> beside it replaces it on SQLite
/// (the pattern of NServiceBus.Persistence.Sql: one file per dialect, side by side).
/// </summary>
public static class SqlScripts
{
    private static readonly Assembly Assembly = typeof(SqlScripts).Assembly;
    private static readonly ConcurrentDictionary<(string, DatabaseProvider), string> Cache = new();

    public static string Get(string name, DatabaseProvider provider) =>
        Cache.GetOrAdd((name, provider), static key =>
        {
            var (name, provider) = key;
            var root = $"{Assembly.GetName().Name}.{name}";
            var candidates = provider == DatabaseProvider.Sqlite
                ? new[] { root + ".sqlite.sql", root + ".sql" }
                : new[] { root + ".sql" };
            foreach (var resource in candidates)
            {
                using var stream = Assembly.GetManifestResourceStream(resource);
                if (stream is null)
                {
                    continue;
                }
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            throw new InvalidOperationException($"No embedded SQL named {name} for {provider}.");
        });

    /// <summary>Every embedded SQL resource: the T-SQL check parses the SQL Server ones.</summary>
    public static IEnumerable<string> ResourceNames() =>
        Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal));

    public static string Read(string resourceName)
    {
        using var stream = Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"No resource {resourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
