using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.Batches;

public enum BatchOutcome
{
    /// <summary>Written (or, for a dry run, checked): see the receipt.</summary>
    Written,

    /// <summary>400: items are not valid; nothing was stored.</summary>
    Invalid,

    /// <summary>403: items are outside what the caller may write; nothing was stored.</summary>
    Forbidden,

    /// <summary>409: items fall in a locked period; nothing was stored.</summary>
    Locked,
}

/// <summary>What a batch writer answers: the receipt, or the errors of every item at fault keyed by JSON path.</summary>
public sealed record BatchResult(BatchOutcome Outcome, SubmissionReceipt? Receipt, Dictionary<string, string[]> Errors)
{
    public static BatchResult Refused(BatchOutcome outcome, Dictionary<string, string[]> errors) => new(outcome, null, errors);

    public static BatchResult Written(SubmissionReceipt receipt) => new(BatchOutcome.Written, receipt, []);
}

/// <summary>The identity seeds are written with: an admin of the province, key name "seed".</summary>
public static class SeedIdentity
{
    public const string KeyName = "seed";

    /// <summary>The first province (by code) — TQ in the shipped seeds.</summary>
    public static async Task<Caller> ProvinceAdminAsync(Db db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var province = await c.QueryFirstOrDefaultAsync<string>("SELECT code FROM org_units WHERE kind = 'province' ORDER BY code")
            ?? throw new InvalidOperationException("Seeding values and targets needs a province among the org units.");
        return new Caller(KeyName, KeyName, province, Roles.Admin);
    }
}
