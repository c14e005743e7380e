using Indicators.Api.Infrastructure;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Auth;

internal static class Roles
{
    public const string Reader = "reader";
    public const string Submitter = "submitter";
    public const string Admin = "admin";

    public static readonly string[] All = [Reader, Submitter, Admin];

    /// <summary>Every role may read; SPEC "Callers and rights".</summary>
    public static readonly string[] Readers = All;

    public static readonly string[] Writers = [Submitter, Admin];

    public static Domain.Role Parse(string role) => role switch
    {
        Admin => Domain.Role.Admin,
        Submitter => Domain.Role.Submitter,
        Reader => Domain.Role.Reader,
        _ => throw new InvalidOperationException($"'{role}' is not a role."),
    };
}

internal sealed record ApiKeyRecord
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
[Singleton]
internal sealed class ApiKeyStore(Db db, TimeProvider clock, IKeyLookup lookup)
{
    public const string Prefix = "ik_";

    internal static readonly SqlFile<KeyId> Find = new("Infrastructure.Auth.KeyFind");
    private static readonly SqlFile<KeyOrgUnit> OrgUnitExists = new("Infrastructure.Auth.KeyOrgUnit");
    private static readonly SqlFile<KeyInsert> Insert = new("Infrastructure.Auth.KeyInsert");
    private static readonly SqlFile<KeyId> Exists = new("Infrastructure.Auth.KeyExists");
    private static readonly SqlFile List = new("Infrastructure.Auth.KeyList");
    private static readonly SqlFile<KeyRevocation> Revoke = new("Infrastructure.Auth.KeyRevoke");

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
        if (await connection.ExecuteScalarAsync<int>(db.Command(OrgUnitExists, new KeyOrgUnit(orgUnit))) == 0)
        {
            throw new ArgumentException($"There is no org unit '{orgUnit}'. Create it first (org-units add, or seed).", nameof(orgUnit));
        }
        await connection.ExecuteAsync(db.Command(Insert, new KeyInsert(record.Id, record.Name, record.KeyHash, record.OrgUnit, record.Role, record.CreatedAt)));
        return (record, key);
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(db.Command(Exists, new KeyId(id))) > 0;
    }

    /// <summary>The active key the presented text is, or null.</summary>
    /// <remarks>Every request gets the key's row (and data_version) as the database holds it when the request arrives: a
    /// revoked key stops working on the next request on every replica (<see cref="IKeyLookup"/>).</remarks>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!TryGetId(presented, out var id))
        {
            return null;
        }
        var record = await lookup.FindAsync(id, ct);
        var presentedHash = Hash(presented);
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, record?.KeyHash ?? DummyHash);
        return matches && record is { RevokedAt: null } ? record : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ApiKeyRecord>(db.Command(List))).ToList();
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(db.Command(Revoke, new KeyRevocation(id, clock.GetUtcNow()))) > 0;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed record KeyId(string Id);

internal sealed record KeyInsert(string Id, string Name, byte[] KeyHash, string OrgUnit, string Role, DateTimeOffset CreatedAt);

internal sealed record KeyOrgUnit(string OrgUnit);

internal sealed record KeyRevocation(string Id, DateTimeOffset Now);

/// <summary>A key's row by id, as the database holds it now, for every request; one implementation per dialect. SQL
/// Server reads it each time; SQLite reads it again only once anything has been committed (Sqlite/SqliteKeyLookup.cs).</summary>
internal interface IKeyLookup
{
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken ct);
}
