-- @Rows holds the changed targets: a new revision each, then the current target merged.
INSERT INTO dbo.target_revisions (indicator, org_unit, period, kind, revision, value, comparison, source, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, COALESCE(t.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM @Rows AS b
LEFT JOIN dbo.targets AS t WITH (UPDLOCK, HOLDLOCK)
    ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind;

MERGE dbo.targets WITH (HOLDLOCK) AS t
USING @Rows AS b
    ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind
WHEN MATCHED THEN UPDATE SET
    value = b.value,
    comparison = b.tag,
    source = b.detail,
    revision = t.revision + 1,
    written_at = @Now,
    submission_id = @SubmissionId
WHEN NOT MATCHED THEN
    INSERT (indicator, org_unit, period, kind, year, first_month, last_month, value, comparison, source, revision, written_at, submission_id)
    VALUES (b.indicator, b.org_unit, b.period, b.kind, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId);
