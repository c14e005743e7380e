using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Batches;

/// <summary>What a batch did: how many items were received, and how many of them created a key, changed it or
/// left it as it was. Stored in <c>submissions</c> and readable at <c>GET /api/v1/submissions/{id}</c>.</summary>
internal sealed class SubmissionReceipt
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

/// <summary>The row of <c>submissions</c> a batch writes: the receipt and who made it.</summary>
internal sealed record ReceiptRow
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
}

internal static class ReceiptData
{
    private static readonly SqlFile<ReceiptRow> Insert = new("Kernel.Batches.ReceiptInsert");

    public static Task InsertAsync(Db db, DbConnection c, DbTransaction tx, SubmissionReceipt r, string apiKeyId, string keyName, string orgUnit) =>
        c.ExecuteAsync(db.Command(Insert, new ReceiptRow
        {
            Id = r.Id!,
            Kind = r.Kind,
            ApiKeyId = apiKeyId,
            KeyName = keyName,
            OrgUnit = orgUnit,
            ReceivedAt = r.ReceivedAt,
            Received = r.Received,
            Created = r.Created,
            Updated = r.Updated,
            Unchanged = r.Unchanged,
        }, tx));
}
