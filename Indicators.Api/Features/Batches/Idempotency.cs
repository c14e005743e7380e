using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.Batches;

public enum IdempotencyState
{
    /// <summary>This request holds the key now; complete or release it.</summary>
    Started,

    /// <summary>The same request was answered before: send the stored answer again.</summary>
    Replay,

    /// <summary>The same key is held by a request still running (409).</summary>
    InProgress,

    /// <summary>The key was used for a different request (422).</summary>
    Mismatch,
}

public sealed record IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public int? StatusCode { get; init; }
    public string? ResponseBody { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

public sealed record IdempotencyClaim(IdempotencyState State, IdempotencyRecord? Stored = null);

/// <summary>
/// <c>Idempotency-Key</c> records (IETF httpapi draft "The Idempotency-Key HTTP Header Field"), per API key and in
/// the database so that any replica answers a retry.
/// </summary>
/// <remarks>
/// The claim is inserted in its own short statement before the batch runs, so the primary key decides a race
/// between two requests with the same key; the record is completed inside the batch's own transaction, so a batch
/// is never committed without it; a request that fails or is refused releases it (nothing was written, so the key
/// may be used again). A claim older than <see cref="StaleAfter"/> that was never completed belongs to a crashed
/// process and is taken over. Records are kept <see cref="Retention"/> after completion; expired ones are purged
/// now and then by the next claim.
/// </remarks>
public sealed class IdempotencyStore(Db db, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);

    private const string Columns = "request_hash, status_code, response_body, location, created_at, expires_at";
    private const string Where = "WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key";

    private long nextPurge;

    public async Task<IdempotencyClaim> ClaimAsync(string apiKeyId, string key, string hash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        await PurgeIfDueAsync(c, now);
        var args = new { ApiKeyId = apiKeyId, Key = key, Hash = hash, Now = now, Expires = now + Retention };
        // A few rounds: a record can be released, expire or be taken over between our statements.
        for (var round = 0; round < 5; round++)
        {
            var inserted = await DbErrors.RetryAsync(() => c.ExecuteAsync(db.Sql("Features.Batches.IdempotencyBegin"), args));
            if (inserted == 1)
            {
                return new IdempotencyClaim(IdempotencyState.Started);
            }
            var stored = await c.QuerySingleOrDefaultAsync<IdempotencyRecord>($"SELECT {Columns} FROM idempotency_records {Where}", args);
            if (stored is null)
            {
                continue;
            }
            if (stored.ExpiresAt <= now)
            {
                await c.ExecuteAsync($"DELETE FROM idempotency_records {Where} AND created_at = @CreatedAt", new { args.ApiKeyId, args.Key, stored.CreatedAt });
                continue;
            }
            if (stored.RequestHash != hash)
            {
                return new IdempotencyClaim(IdempotencyState.Mismatch, stored);
            }
            if (stored.StatusCode is not null)
            {
                return new IdempotencyClaim(IdempotencyState.Replay, stored);
            }
            if (stored.CreatedAt > now - StaleAfter)
            {
                return new IdempotencyClaim(IdempotencyState.InProgress, stored);
            }
            var taken = await c.ExecuteAsync(
                $"UPDATE idempotency_records SET created_at = @Now, expires_at = @Expires {Where} AND status_code IS NULL AND created_at = @CreatedAt",
                new { args.ApiKeyId, args.Key, args.Now, args.Expires, stored.CreatedAt });
            if (taken == 1)
            {
                return new IdempotencyClaim(IdempotencyState.Started);
            }
        }
        return new IdempotencyClaim(IdempotencyState.InProgress);
    }

    /// <summary>Stores the answer, inside the transaction that wrote the batch.</summary>
    public Task CompleteAsync(DbConnection c, DbTransaction tx, string apiKeyId, string key, int status, string body, string? location)
    {
        var now = clock.GetUtcNow();
        return c.ExecuteAsync(
            $"UPDATE idempotency_records SET status_code = @status, response_body = @body, location = @location, completed_at = @now, expires_at = @expires {Where}",
            new { ApiKeyId = apiKeyId, Key = key, status, body, location, now, expires = now + Retention },
            tx);
    }

    /// <summary>Frees the key of a request that wrote nothing (refused or failed), so that it may be sent again.</summary>
    public async Task ReleaseAsync(string apiKeyId, string key)
    {
        // Not cancellable: a client that hung up must not leave its key blocked.
        await using var c = await db.OpenAsync(CancellationToken.None);
        await DbErrors.RetryAsync(() => c.ExecuteAsync($"DELETE FROM idempotency_records {Where} AND status_code IS NULL", new { ApiKeyId = apiKeyId, Key = key }));
    }

    private async Task PurgeIfDueAsync(DbConnection c, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextPurge);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPurge, (now + PurgeEvery).UtcTicks, due) != due)
        {
            return;
        }
        await DbErrors.RetryAsync(() => c.ExecuteAsync("DELETE FROM idempotency_records WHERE expires_at < @now", new { now }));
    }
}
