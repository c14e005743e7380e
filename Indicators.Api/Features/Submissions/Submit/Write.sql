-- Parameters: @Rows dbo.batch_rows READONLY, @KeyName nvarchar(100), @OrgUnit nvarchar(32), @Now datetimeoffset(7)
-- Parameters: @SubmissionId varchar(36)
-- The batch (@Rows), written in two statements whatever its size; the same steps as Write.sqlite.sql.
-- 1. Each item is compared with its key's current row — the rule of Domain/Revisions.cs: decimal(19,4) values compare
--    as numbers; status and note compare as their bytes (an nvarchar = ignores case under the usual collations and
--    trailing spaces always, which would call a changed note unchanged). A new or changed item gets a new revision
--    (current + 1, or 1), chained to the one before and appended in the submission's run of actual_revisions
--    (clustered by submission, migration 0005). UPDLOCK + HOLDLOCK keep the keys (and the gaps of keys not yet
--    written) locked until commit, so concurrent writers of the same keys queue and number revisions in order.
-- 2. The current rows are merged from the revisions the submission just wrote; first_written_at (migration 0009) is
--    set when a key's row is inserted and never updated.
INSERT INTO dbo.actual_revisions (submission_id, indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, previous_submission_id)
SELECT @SubmissionId, b.indicator, b.org_unit, b.period, COALESCE(a.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, a.submission_id
FROM @Rows AS b
LEFT JOIN dbo.actual_values AS a WITH (UPDLOCK, HOLDLOCK)
    ON a.indicator = b.indicator AND a.year = b.year AND a.org_unit = b.org_unit
   AND a.first_month = b.first_month AND a.last_month = b.last_month AND a.period = b.period
WHERE a.revision IS NULL OR a.value <> b.value
   OR CAST(a.status AS varbinary(32)) <> CAST(b.tag AS varbinary(32))
   OR CAST(a.note AS varbinary(2000)) IS DISTINCT FROM CAST(b.detail AS varbinary(2000));

MERGE dbo.actual_values WITH (HOLDLOCK) AS a
USING (
    SELECT b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, r.value, r.status, r.note, r.revision
    FROM @Rows AS b
    JOIN dbo.actual_revisions AS r
        ON r.submission_id = @SubmissionId AND r.indicator = b.indicator AND r.org_unit = b.org_unit AND r.period = b.period
) AS n
    ON a.indicator = n.indicator AND a.year = n.year AND a.org_unit = n.org_unit
   AND a.first_month = n.first_month AND a.last_month = n.last_month AND a.period = n.period
WHEN MATCHED THEN UPDATE SET
    value = n.value,
    status = n.status,
    note = n.note,
    revision = n.revision,
    written_at = @Now,
    submission_id = @SubmissionId
WHEN NOT MATCHED THEN
    INSERT (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id, first_written_at)
    VALUES (n.indicator, n.org_unit, n.period, n.year, n.first_month, n.last_month, n.value, n.status, n.note, n.revision, @Now, @SubmissionId, @Now);
