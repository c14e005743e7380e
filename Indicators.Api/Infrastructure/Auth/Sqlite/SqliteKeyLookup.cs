using System.Collections.Concurrent;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Infrastructure.Auth.Sqlite;

/// <summary>
/// SQLite: open connections that each keep the key lookup prepared, lent to one request at a time. Each lookup is its
/// own read transaction, ended when the reader is disposed, so a held connection never pins an old snapshot (nor
/// keeps a checkpoint from finishing). Nothing is cached: the row is read on every request. Preparing the statement,
/// opening a pooled connection and Dapper's mapping were most of a cached read view's cost (bench/RESULTS.md).
/// </summary>
internal sealed class SqliteKeyLookup(Db db) : IKeyLookup, IAsyncDisposable
{
    private readonly ConcurrentBag<Lookup> idle = [];
    private readonly int max = Math.Max(4, Environment.ProcessorCount * 4);
    private int count;

    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken ct)
    {
        // A moved or deleted file must not be read through connections opened before it went.
        try
        {
            db.ThrowIfUnavailable();
        }
        catch (SqliteException)
        {
            await DisposeAsync();
            throw;
        }
        if (!idle.TryTake(out var lookup))
        {
            lookup = await Lookup.OpenAsync(db, ct);
            Interlocked.Increment(ref count);
        }
        var keep = false;
        try
        {
            var record = lookup.Find(id);
            keep = true;
            return record;
        }
        finally
        {
            // A lookup that failed (busy, I/O) is closed rather than lent again; so is one beyond the bound.
            if (keep && Volatile.Read(ref count) <= max)
            {
                idle.Add(lookup);
            }
            else
            {
                Interlocked.Decrement(ref count);
                await lookup.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var lookup))
        {
            Interlocked.Decrement(ref count);
            await lookup.DisposeAsync();
        }
    }

    private sealed class Lookup(System.Data.Common.DbConnection connection, SqliteCommand command, SqliteParameter id) : IAsyncDisposable
    {
        public static async Task<Lookup> OpenAsync(Db db, CancellationToken ct)
        {
            var connection = await db.OpenAsync(ct);
            try
            {
                var command = ((SqliteConnection)connection).CreateCommand();
                command.CommandText = db.Sql(ApiKeyStore.Find.Name);
                var id = command.Parameters.Add("@Id", SqliteType.Text);
                id.Value = "";
                command.Prepare();
                return new Lookup(connection, command, id);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public ApiKeyRecord? Find(string keyId)
        {
            id.Value = keyId;
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }
            return new ApiKeyRecord
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                OrgUnit = reader.GetString(2),
                Role = reader.GetString(3),
                CreatedAt = DapperSetup.ParseTime(reader.GetString(4)),
                RevokedAt = reader.IsDBNull(5) ? null : DapperSetup.ParseTime(reader.GetString(5)),
                KeyHash = (byte[])reader.GetValue(6),
                DataVersion = reader.GetInt64(7),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
