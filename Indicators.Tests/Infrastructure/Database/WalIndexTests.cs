using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Database.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// The header of SQLite's WAL index (Infrastructure/Database/Sqlite/WalIndex.cs): it changes with every commit of any
/// connection and with nothing else a reader does, and there is no index to read where the database has none that
/// SQLite keeps up to date.
/// </summary>
public sealed class WalIndexTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "indicators-tests", Guid.NewGuid().ToString("N"));

    public WalIndexTests() => Directory.CreateDirectory(folder);

    private string File => Path.Combine(folder, "wal-index.db");

    private SqliteConnection Other() => new($"Data Source={File};Pooling=False");

    private static SqliteDb Db(string connectionString) => new(
        Options.Create(new DatabaseOptions()),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Indicators"] = connectionString }).Build());

    private async Task CreateAsync(string journalMode)
    {
        await using var c = Other();
        await c.ExecuteAsync($"PRAGMA journal_mode = {journalMode}; CREATE TABLE data_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO data_version VALUES (1, 0);");
    }

    [Fact]
    public async Task The_header_moves_with_every_commit_of_any_connection_and_with_nothing_else()
    {
        await CreateAsync("WAL");
        var index = await WalIndex.TryOpenAsync(Db($"Data Source={File};Pooling=False"));
        Assert.NotNull(index);
        try
        {
            Assert.True(index.TryRead(out var start));
            Assert.True(index.TryRead(out var again));
            Assert.Equal(start, again);

            await using var other = Other();
            // A read, and a checkpoint that copies the log into the file: no commit, the same header.
            Assert.Equal(0, await other.ExecuteScalarAsync<long>("SELECT version FROM data_version WHERE id = 1"));
            await other.ExecuteAsync("UPDATE data_version SET version = 1 WHERE id = 1");
            Assert.True(index.TryRead(out var committed));
            Assert.NotEqual(start, committed);
            await other.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE)");
            Assert.Equal(1, await other.ExecuteScalarAsync<long>("SELECT version FROM data_version WHERE id = 1"));
            Assert.True(index.TryRead(out var read));
            Assert.Equal(committed, read);

            // A write that changes no row commits nothing to the log; one that does, does.
            await other.ExecuteAsync("UPDATE data_version SET version = 1 WHERE id = 2");
            Assert.True(index.TryRead(out var none));
            Assert.Equal(committed, none);
            await other.ExecuteAsync("UPDATE data_version SET version = 2 WHERE id = 1");
            Assert.True(index.TryRead(out var second));
            Assert.NotEqual(committed, second);
            Assert.NotEqual(start, second);
        }
        finally
        {
            await index.DisposeAsync();
        }
        Assert.False(index.TryRead(out _));
    }

    [Fact]
    public async Task A_database_in_rollback_mode_has_no_index_even_with_an_old_shm_file_beside_it()
    {
        await CreateAsync("DELETE");
        await System.IO.File.WriteAllBytesAsync(File + "-shm", new byte[32768], TestContext.Current.CancellationToken);
        Assert.Null(await WalIndex.TryOpenAsync(Db($"Data Source={File};Pooling=False")));
    }

    [Fact]
    public async Task An_in_memory_database_has_no_index() =>
        Assert.Null(await WalIndex.TryOpenAsync(Db("Data Source=wal-index-test;Mode=Memory;Cache=Shared")));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleanup.
        }
    }
}
