-- @Rows holds the changed rows: a new revision each (current + 1, or 1), then the current row merged.
INSERT INTO dbo.actual_revisions (indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, COALESCE(a.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM @Rows AS b
LEFT JOIN dbo.actual_values AS a WITH (UPDLOCK, HOLDLOCK)
    ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;

MERGE dbo.actual_values WITH (HOLDLOCK) AS a
USING @Rows AS b
    ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period
WHEN MATCHED THEN UPDATE SET
    value = b.value,
    status = b.tag,
    note = b.detail,
    revision = a.revision + 1,
    written_at = @Now,
    submission_id = @SubmissionId
WHEN NOT MATCHED THEN
    INSERT (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id)
    VALUES (b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId);
