using Dapper;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Indicators.Tests.Support;

/// <summary>
/// A SQLite file in the temp folder brought to the schema just before one migration, for a test that writes rows as an
/// older version did and then runs that migration over them. Deletes the file (and its WAL and shared memory) on dispose.
/// </summary>
public sealed class SqliteMigrationFile : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"indicators-migration-{Guid.NewGuid():N}.db");

    /// <summary>
    /// Opens the file after running every SQLite migration before the one whose resource name contains
    /// <paramref name="migration"/> (e.g. ".0004_write_path."); returns the connection and that migration's name.
    /// </summary>
    public async Task<(SqliteConnection Connection, string Migration)> OpenBeforeAsync(string migration)
    {
        var c = new SqliteConnection($"Data Source={file};Pooling=False");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        var scripts = SqlScripts.ResourceNames().Where(n => n.Contains(".Migrations.Sqlite.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var target = scripts.Single(n => n.Contains(migration, StringComparison.Ordinal));
        foreach (var script in scripts.TakeWhile(n => n != target))
        {
            await c.ExecuteAsync(SqlScripts.Read(script));
        }
        return (c, target);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
    }
}
