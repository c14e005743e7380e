namespace Indicators.Api.Kernel.Batches;

internal enum BatchOutcome
{
    /// <summary>Written (or, for a dry run, checked): see the receipt.</summary>
    Written,

    /// <summary>400: items are not valid; nothing was stored.</summary>
    Invalid,

    /// <summary>403: items are outside what the caller may write; nothing was stored.</summary>
    Forbidden,

    /// <summary>409: items fall in a locked period; nothing was stored.</summary>
    Locked,

    /// <summary>409: items belong to approved reports; nothing was stored.</summary>
    Approved,
}

/// <summary>What a batch writer answers: the receipt, or the errors of every item at fault keyed by JSON path.</summary>
internal sealed record BatchResult(BatchOutcome Outcome, SubmissionReceipt? Receipt, Dictionary<string, string[]> Errors)
{
    public static BatchResult Refused(BatchOutcome outcome, Dictionary<string, string[]> errors) => new(outcome, null, errors);

    public static BatchResult Written(SubmissionReceipt receipt) => new(BatchOutcome.Written, receipt, []);
}
