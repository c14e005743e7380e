-- Parameters: @Rows dbo.batch_rows READONLY, @KeyName nvarchar(100), @OrgUnit nvarchar(32), @Now datetimeoffset(7)
-- Parameters: @SubmissionId varchar(36)
-- The batch (@Rows) in two statements, as values are written (Features/Submissions/Submit/Write.sql): a new revision
-- for each new or changed target — the rule of Domain/Revisions.cs: the value as a number, comparison and source as
-- their bytes — then the current targets merged from those revisions. UPDLOCK + HOLDLOCK keep the keys locked until
-- commit, so concurrent writers of the same keys queue and number revisions in order.
INSERT INTO dbo.target_revisions (indicator, org_unit, period, kind, revision, value, comparison, source, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, COALESCE(t.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM @Rows AS b
LEFT JOIN dbo.targets AS t WITH (UPDLOCK, HOLDLOCK)
    ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind
WHERE t.revision IS NULL OR t.value <> b.value
   OR CAST(t.comparison AS varbinary(16)) <> CAST(b.tag AS varbinary(16))
   OR CAST(t.source AS varbinary(1000)) IS DISTINCT FROM CAST(b.detail AS varbinary(1000));

MERGE dbo.targets WITH (HOLDLOCK) AS t
USING (
    SELECT b.indicator, b.org_unit, b.period, b.kind, b.year, b.first_month, b.last_month, r.value, r.comparison, r.source, r.revision
    FROM @Rows AS b
    JOIN dbo.target_revisions AS r
        ON r.indicator = b.indicator AND r.org_unit = b.org_unit AND r.period = b.period AND r.kind = b.kind AND r.submission_id = @SubmissionId
) AS n
    ON t.indicator = n.indicator AND t.org_unit = n.org_unit AND t.period = n.period AND t.kind = n.kind
WHEN MATCHED THEN UPDATE SET
    value = n.value,
    comparison = n.comparison,
    source = n.source,
    revision = n.revision,
    written_at = @Now,
    submission_id = @SubmissionId
WHEN NOT MATCHED THEN
    INSERT (indicator, org_unit, period, kind, year, first_month, last_month, value, comparison, source, revision, written_at, submission_id)
    VALUES (n.indicator, n.org_unit, n.period, n.kind, n.year, n.first_month, n.last_month, n.value, n.comparison, n.source, n.revision, @Now, @SubmissionId);
