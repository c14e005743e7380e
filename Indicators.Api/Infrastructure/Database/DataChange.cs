namespace Indicators.Api.Infrastructure.Database;

/// <summary>The parameters of a write's change-log statement: the version it bumped to and the submission whose
/// revisions name the changed keys.</summary>
internal sealed record ChangedKeys(long Version, string SubmissionId);

/// <summary>
/// What a write changed, as the caches of the read views need to know it. There is no other way to bump data_version
/// than <see cref="DataVersion.BumpAsync"/>, and it takes one of these: a new write path cannot move the version without
/// saying what its readers must drop, and what it says is written to the change log in the write's own transaction
/// (so a rolled-back write leaves neither).
/// </summary>
internal sealed class DataChange
{
    /// <summary>Log kinds: values and targets name (indicator, org unit, year) keys; the others stand alone.</summary>
    public const string ValuesKind = "values";
    public const string TargetsKind = "targets";
    public const string CatalogueKind = "catalogue";
    public const string OtherKind = "other";

    private DataChange(string kind, SqlFile<ChangedKeys>? keys, string? submissionId)
    {
        Kind = kind;
        Keys = keys;
        SubmissionId = submissionId;
    }

    public string Kind { get; }

    /// <summary>The slice's statement that inserts one change-log row per (indicator, org unit, year) the submission changed.</summary>
    public SqlFile<ChangedKeys>? Keys { get; }

    public string? SubmissionId { get; }

    /// <summary>Stored figures changed: the rows of <paramref name="keys"/>, read from the revisions the submission wrote
    /// (so unchanged items of the batch invalidate nothing).</summary>
    public static DataChange Figures(string kind, SqlFile<ChangedKeys> keys, string submissionId) => new(kind, keys, submissionId);

    /// <summary>The catalogue changed (an org unit or an indicator saved): names, measures, decimals, the tree of units and
    /// its validity — every computed view may change, no stored figure does.</summary>
    public static readonly DataChange Catalogue = new(CatalogueKind, null, null);

    /// <summary>Nothing a view of figures shows (a lock; an approval): caches that depend on figures keep everything;
    /// what is cached on the version alone is dropped.</summary>
    public static readonly DataChange NoFigures = new(OtherKind, null, null);

    public override string ToString() => Kind;
}
