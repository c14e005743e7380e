using Indicators.Api.Infrastructure;
using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Batches;

internal enum IdempotencyState
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

internal sealed record IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public int? StatusCode { get; init; }
    public string? ResponseBody { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed record IdempotencyClaim(IdempotencyState State, IdempotencyRecord? Stored = null);

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
[Singleton]
internal sealed class IdempotencyStore(Db db, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);

    private static readonly SqlFile<ClaimArgs> Begin = new("Kernel.Batches.IdempotencyBegin");
    private static readonly SqlFile<IdempotencyKey> Find = new("Kernel.Batches.IdempotencyFind");
    private static readonly SqlFile<ClaimedKey> DeleteExpired = new("Kernel.Batches.IdempotencyDeleteExpired");
    private static readonly SqlFile<TakeOverArgs> TakeOver = new("Kernel.Batches.IdempotencyTakeOver");
    private static readonly SqlFile<CompleteArgs> Complete = new("Kernel.Batches.IdempotencyComplete");
    private static readonly SqlFile<IdempotencyKey> Release = new("Kernel.Batches.IdempotencyRelease");
    private static readonly SqlFile<PurgeArgs> Purge = new("Kernel.Batches.IdempotencyPurge");

    private long nextPurge;

    public async Task<IdempotencyClaim> ClaimAsync(string apiKeyId, string key, string hash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        await PurgeIfDueAsync(c, now);
        var id = new IdempotencyKey(apiKeyId, key);
        var claim = new ClaimArgs(apiKeyId, key, hash, now, now + Retention);
        // A few rounds: a record can be released, expire or be taken over between our statements.
        for (var round = 0; round < 5; round++)
        {
            var inserted = await DbErrors.RetryAsync(() => c.ExecuteAsync(db.Command(Begin, claim)));
            if (inserted == 1)
            {
                return new IdempotencyClaim(IdempotencyState.Started);
            }
            var stored = await c.QuerySingleOrDefaultAsync<IdempotencyRecord>(db.Command(Find, id));
            if (stored is null)
            {
                continue;
            }
            if (stored.ExpiresAt <= now)
            {
                await c.ExecuteAsync(db.Command(DeleteExpired, new ClaimedKey(apiKeyId, key, stored.CreatedAt)));
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
            if (await c.ExecuteAsync(db.Command(TakeOver, new TakeOverArgs(apiKeyId, key, now, now + Retention, stored.CreatedAt))) == 1)
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
        return c.ExecuteAsync(db.Command(Complete, new CompleteArgs(apiKeyId, key, status, body, location, now, now + Retention), tx));
    }

    /// <summary>Frees the key of a request that wrote nothing (refused or failed), so that it may be sent again.</summary>
    public async Task ReleaseAsync(string apiKeyId, string key)
    {
        // Not cancellable: a client that hung up must not leave its key blocked.
        await using var c = await db.OpenAsync(CancellationToken.None);
        await DbErrors.RetryAsync(() => c.ExecuteAsync(db.Command(Release, new IdempotencyKey(apiKeyId, key))));
    }

    private async Task PurgeIfDueAsync(DbConnection c, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextPurge);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPurge, (now + PurgeEvery).UtcTicks, due) != due)
        {
            return;
        }
        await DbErrors.RetryAsync(() => c.ExecuteAsync(db.Command(Purge, new PurgeArgs(now))));
    }

    internal sealed record IdempotencyKey(string ApiKeyId, string Key);

    internal sealed record ClaimArgs(string ApiKeyId, string Key, string Hash, DateTimeOffset Now, DateTimeOffset Expires);

    internal sealed record ClaimedKey(string ApiKeyId, string Key, DateTimeOffset CreatedAt);

    internal sealed record TakeOverArgs(string ApiKeyId, string Key, DateTimeOffset Now, DateTimeOffset Expires, DateTimeOffset CreatedAt);

    internal sealed record CompleteArgs(string ApiKeyId, string Key, int Status, string Body, string? Location, DateTimeOffset Now, DateTimeOffset Expires);

    internal sealed record PurgeArgs(DateTimeOffset Now);
}
