using System.Security.Cryptography;
using System.Text;
using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Auth;

public static class Roles
{
    public const string Reader = "reader";
    public const string Submitter = "submitter";
    public const string Admin = "admin";

    public static readonly string[] All = [Reader, Submitter, Admin];

    /// <summary>Every role may read; SPEC "Callers and rights".</summary>
    public static readonly string[] Readers = All;

    public static readonly string[] Writers = [Submitter, Admin];
}

public sealed record ApiKeyRecord
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string OrgUnit { get; init; } = "";

    public string Role { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public byte[] KeyHash { get; init; } = [];

    /// <summary>data_version as the key was read (same query), so a cached read needs no second round trip
    /// (Infrastructure/Http/ReadCache.cs). Only <see cref="ApiKeyStore.AuthenticateAsync"/> fills it.</summary>
    public long DataVersion { get; init; }
}

/// <summary>
/// API keys look like <c>ik_&lt;id&gt;.&lt;secret&gt;</c>. Only the SHA-256 of the whole key is stored; the id finds
/// the row and the hashes are compared in constant time, so neither the database nor timing reveals a key.
/// </summary>
public sealed class ApiKeyStore(Db db, TimeProvider clock, PreparedKeyLookups lookups)
{
    public const string Prefix = "ik_";

    private static readonly byte[] DummyHash = SHA256.HashData("no such key"u8);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool TryGetId(string presented, out string id)
    {
        id = "";
        if (presented.Length is < 8 or > 200 || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var dot = presented.IndexOf('.', Prefix.Length);
        if (dot <= Prefix.Length || dot == presented.Length - 1 || dot - Prefix.Length > 32)
        {
            return false;
        }
        id = presented[Prefix.Length..dot];
        return true;
    }

    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string orgUnit, string role, string name, string? fixedKey = null, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}': use reader, submitter or admin.", nameof(role));
        }
        string key;
        string id;
        if (fixedKey is not null)
        {
            key = fixedKey;
            if (!TryGetId(key, out id))
            {
                throw new ArgumentException("A fixed key must look like ik_<id>.<secret>.", nameof(fixedKey));
            }
        }
        else
        {
            id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            key = $"{Prefix}{id}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        }
        var record = new ApiKeyRecord { Id = id, Name = name, OrgUnit = orgUnit, Role = role, CreatedAt = clock.GetUtcNow(), KeyHash = Hash(key) };
        await using var connection = await db.OpenAsync(ct);
        var unitExists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM org_units WHERE code = @orgUnit", new { orgUnit });
        if (unitExists == 0)
        {
            throw new ArgumentException($"There is no org unit '{orgUnit}'. Create it first (org-units add, or seed).", nameof(orgUnit));
        }
        await connection.ExecuteAsync(
            "INSERT INTO api_keys (id, name, key_hash, org_unit, role, created_at, revoked_at) VALUES (@Id, @Name, @KeyHash, @OrgUnit, @Role, @CreatedAt, NULL)",
            record);
        return (record, key);
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM api_keys WHERE id = @id", new { id }) > 0;
    }

    internal const string AuthenticateSql =
        "SELECT id, name, org_unit, role, created_at, revoked_at, key_hash, (SELECT version FROM data_version WHERE id = 1) AS data_version " +
        "FROM api_keys WHERE id = @id";

    /// <summary>The active key the presented text is, or null.</summary>
    /// <remarks>Every request reads the key's row (and data_version) from the database: a revoked key stops working on
    /// the next request on every replica. On SQLite the read is a statement prepared once per held connection
    /// (<see cref="PreparedKeyLookups"/>): preparing it, opening a pooled connection and Dapper's mapping were most of
    /// a cached read view's cost (bench/RESULTS.md).</remarks>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!TryGetId(presented, out var id))
        {
            return null;
        }
        ApiKeyRecord? record;
        if (db.IsSqlite)
        {
            record = await lookups.FindAsync(id, ct);
        }
        else
        {
            await using var connection = await db.OpenAsync(ct);
            record = await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(AuthenticateSql, new { id });
        }
        var presentedHash = Hash(presented);
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, record?.KeyHash ?? DummyHash);
        return matches && record is { RevokedAt: null } ? record : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ApiKeyRecord>(
            "SELECT id, name, org_unit, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id")).ToList();
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = clock.GetUtcNow() }) > 0;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// SQLite: open connections that each keep the key lookup prepared, lent to one request at a time. Each lookup is its
/// own read transaction, ended when the reader is disposed, so a held connection never pins an old snapshot (nor
/// keeps a checkpoint from finishing). Nothing is cached: the row is read on every request.
/// </summary>
public sealed class PreparedKeyLookups(Db db) : IAsyncDisposable
{
    private readonly ConcurrentBag<Lookup> idle = [];
    private readonly int max = Math.Max(4, Environment.ProcessorCount * 4);
    private int count;

    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken ct)
    {
        // A moved or deleted file must not be read through connections opened before it went.
        try
        {
            db.ThrowIfSqliteFileMissing();
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
                command.CommandText = ApiKeyStore.AuthenticateSql;
                var id = command.Parameters.Add("@id", SqliteType.Text);
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
