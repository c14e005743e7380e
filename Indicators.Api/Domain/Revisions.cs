namespace Indicators.Api.Domain;

/// <summary>A key's current revision, as far as the "unchanged" rule looks at it.</summary>
internal sealed record CurrentRevision(decimal Value, string Tag, string? Detail);

/// <summary>
/// SPEC "Actual values": every write that changes something is a new revision; re-sending an identical value writes
/// nothing and is counted as unchanged. Targets are revised the same way.
/// </summary>
/// <remarks>
/// The write statements apply this rule in SQL, set-based (Features/Submissions/Submit/Write*.sql,
/// Features/Targets/Put/Write*.sql), each dialect with its canonical form of a decimal; a test on random batches holds
/// both dialects to this definition.
/// </remarks>
internal static class Revisions
{
    /// <summary>
    /// An item changes its key when the key has no revision yet, or the value differs as a number (2.50 is 2.5, 3E1 is
    /// 30), or the tag (a value's status, a target's comparison) or the detail (note, source) differs character for
    /// character — case and trailing spaces count.
    /// </summary>
    public static bool Changes(CurrentRevision? current, decimal value, string tag, string? detail) =>
        current is null
        || current.Value != value
        || !string.Equals(current.Tag, tag, StringComparison.Ordinal)
        || !string.Equals(current.Detail, detail, StringComparison.Ordinal);
}
