using System.Data.Common;
using Dapper;

namespace Indicators.Api.Features.Batches;

/// <summary>What a batch did: how many items were received, and how many of them created a key, changed it or
/// left it as it was. Stored in <c>submissions</c> and readable at <c>GET /api/v1/submissions/{id}</c>.</summary>
public sealed class SubmissionReceipt
{
    /// <summary>The receipt's id; null for a dry run, which stores nothing.</summary>
    /// <example>01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10</example>
    public string? Id { get; set; }

    /// <summary><c>values</c> (POST /api/v1/submissions) or <c>targets</c> (PUT /api/v1/targets).</summary>
    /// <example>values</example>
    public string Kind { get; set; } = "";

    /// <summary>True when the batch was only checked (<c>?dryRun=true</c>): the counts are what it would have done.</summary>
    /// <example>false</example>
    public bool DryRun { get; set; }

    /// <summary>When the batch was written (UTC).</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Items in the batch.</summary>
    /// <example>3</example>
    public int Received { get; set; }

    /// <summary>Keys written for the first time (revision 1).</summary>
    /// <example>1</example>
    public int Created { get; set; }

    /// <summary>Keys given a new revision because the value, status or note (targets: value, comparison or source) changed.</summary>
    /// <example>1</example>
    public int Updated { get; set; }

    /// <summary>Items identical to the current revision: nothing was written for them.</summary>
    /// <example>1</example>
    public int Unchanged { get; set; }
}

/// <summary>A stored receipt with who made it (the reader of a receipt must be of the same org unit).</summary>
public sealed record ReceiptRow
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ApiKeyId { get; init; } = "";
    public string KeyName { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
    public int Received { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }

    public SubmissionReceipt ToReceipt() => new()
    {
        Id = Id,
        Kind = Kind,
        ReceivedAt = ReceivedAt,
        Received = Received,
        Created = Created,
        Updated = Updated,
        Unchanged = Unchanged,
    };
}

public static class ReceiptData
{
    public static Task InsertAsync(DbConnection c, DbTransaction tx, SubmissionReceipt r, string apiKeyId, string keyName, string orgUnit) =>
        c.ExecuteAsync(
            "INSERT INTO submissions (id, kind, api_key_id, key_name, org_unit, received_at, received, created, updated, unchanged) " +
            "VALUES (@Id, @Kind, @apiKeyId, @keyName, @orgUnit, @ReceivedAt, @Received, @Created, @Updated, @Unchanged)",
            new { r.Id, r.Kind, apiKeyId, keyName, orgUnit, r.ReceivedAt, r.Received, r.Created, r.Updated, r.Unchanged },
            tx);

    public static Task<ReceiptRow?> FindAsync(DbConnection c, string id) =>
        c.QuerySingleOrDefaultAsync<ReceiptRow>(
            "SELECT id, kind, api_key_id, key_name, org_unit, received_at, received, created, updated, unchanged FROM submissions WHERE id = @id",
            new { id });
}
