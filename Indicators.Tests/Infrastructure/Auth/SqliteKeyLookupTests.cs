using System.Diagnostics;
using System.Net;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Auth.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Auth;

/// <summary>A file database on which nothing commits unless the test does: no warm-up, no pruning.</summary>
public sealed class QuietSqliteApi : SqliteApiWithSettings
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ReadCache:WarmUp"] = "false",
        ["ChangeLog:PruneIntervalSeconds"] = "86400",
    };
}

/// <summary>
/// SQLite's key lookup remembers a key's row under the header of the WAL index it was read under, and reads the row
/// again once anything at all has been committed, by any connection of any process (SqliteKeyLookup, WalIndex). So it
/// answers as reading the row on every request would.
/// </summary>
public sealed class SqliteKeyLookupTests(QuietSqliteApi api) : IClassFixture<QuietSqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteKeyLookup Lookup => (SqliteKeyLookup)api.Services.GetRequiredService<IKeyLookup>();

    private ApiKeyStore Store => api.Services.GetRequiredService<ApiKeyStore>();

    /// <summary>A connection of its own, not the service's: a commit here is one another process could make.</summary>
    private SqliteConnection Elsewhere() => new($"Data Source={api.DatabasePath};Pooling=False");

    [Fact]
    public async Task While_nothing_is_committed_a_key_row_is_read_once_and_answered_from_memory()
    {
        var (created, _) = await Store.CreateAsync("TQ", Roles.Reader, "read once", ct: Ct);
        var first = await Lookup.FindAsync(created.Id, Ct);
        var queries = Lookup.Queries;

        for (var i = 0; i < 20; i++)
        {
            var again = await Lookup.FindAsync(created.Id, Ct);
            Assert.Same(first, again);
        }

        Assert.Equal(queries, Lookup.Queries);
        Assert.Equal("read once", first!.Name);
        Assert.Equal(await ReadDataVersionAsync(), first.DataVersion);
    }

    [Fact]
    public async Task A_commit_of_another_connection_makes_the_next_lookup_read_the_row_again()
    {
        var (created, _) = await Store.CreateAsync("TQ", Roles.Reader, "before", ct: Ct);
        Assert.Equal("before", (await Lookup.FindAsync(created.Id, Ct))!.Name);
        var queries = Lookup.Queries;

        await using (var c = Elsewhere())
        {
            await c.ExecuteAsync("UPDATE api_keys SET name = 'renamed elsewhere' WHERE id = @Id; UPDATE data_version SET version = version + 1 WHERE id = 1;", new { created.Id });
        }

        var after = await Lookup.FindAsync(created.Id, Ct);
        Assert.Equal("renamed elsewhere", after!.Name);
        Assert.Equal(await ReadDataVersionAsync(), after.DataVersion);
        Assert.Equal(queries + 1, Lookup.Queries);
    }

    [Fact]
    public async Task A_key_revoked_by_another_process_is_refused_on_the_next_request()
    {
        var (created, key) = await Store.CreateAsync("TQ", Roles.Reader, "revoked by another process", ct: Ct);
        var client = api.Client(key);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        }

        // The service's own executable, as an operator runs it: another process, with its own connections.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Indicators.Api.dll"), "keys", "revoke", created.Id, $"--ConnectionStrings:Indicators=Data Source={api.DatabasePath}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"keys revoke exited {process.ExitCode}: {output} {error}");

        await (await client.GetAsync("/api/v1/org-units/TQ", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_ids_are_read_every_time()
    {
        var queries = Lookup.Queries;
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await Lookup.FindAsync("0123456789abcdef", Ct));
        }
        Assert.Equal(queries + 3, Lookup.Queries);
    }

    [Fact]
    public async Task A_checkpoint_that_empties_the_log_leaves_the_answer_as_it_was()
    {
        var (created, _) = await Store.CreateAsync("TQ", Roles.Admin, "checkpointed", ct: Ct);
        var before = await Lookup.FindAsync(created.Id, Ct);

        await using (var c = Elsewhere())
        {
            await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var after = await Lookup.FindAsync(created.Id, Ct);
        Assert.Equal(("checkpointed", Roles.Admin, before!.DataVersion), (after!.Name, after.Role, after.DataVersion));
        Assert.Equal(await ReadDataVersionAsync(), after.DataVersion);
    }

    [Fact]
    public async Task Once_the_file_has_been_away_nothing_remembered_from_before_is_answered()
    {
        var (created, _) = await Store.CreateAsync("TQ", Roles.Reader, "through an outage", ct: Ct);
        await Lookup.FindAsync(created.Id, Ct);
        await Lookup.FindAsync(created.Id, Ct);

        var moved = new List<string>();
        foreach (var file in new[] { api.DatabasePath, api.DatabasePath + "-wal", api.DatabasePath + "-shm" }.Where(File.Exists))
        {
            File.Move(file, file + ".away");
            moved.Add(file);
        }
        try
        {
            var refused = await Assert.ThrowsAsync<SqliteException>(() => Lookup.FindAsync(created.Id, Ct));
            Assert.Equal(14, refused.SqliteErrorCode);
        }
        finally
        {
            foreach (var file in moved)
            {
                File.Move(file + ".away", file);
            }
        }

        var queries = Lookup.Queries;
        Assert.Equal("through an outage", (await Lookup.FindAsync(created.Id, Ct))!.Name);
        Assert.Equal(queries + 1, Lookup.Queries);
    }

    private async Task<long> ReadDataVersionAsync()
    {
        await using var c = Elsewhere();
        return await c.ExecuteScalarAsync<long>("SELECT version FROM data_version WHERE id = 1");
    }
}
