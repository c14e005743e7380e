-- The rows staged in temp.batch_rows (ValuesStage.sqlite.sql, SqliteStage.cs), all changed (ValuesUnstage.sqlite.sql
-- took the unchanged ones out): a new revision each (current + 1, or 1), chained to the one before, appended in the
-- submission's run of actual_revisions; then the current row upserted. The value is the staged invariant text,
-- stored as is.
INSERT INTO actual_revisions (submission_id, indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, previous_submission_id)
SELECT @SubmissionId, b.indicator, b.org_unit, b.period, COALESCE(b.current_revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, b.current_submission
FROM temp.batch_rows AS b
ORDER BY b.indicator, b.org_unit, b.period;

INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId
FROM temp.batch_rows AS b
WHERE true
ORDER BY b.indicator, b.year, b.org_unit, b.first_month, b.last_month, b.period
ON CONFLICT (indicator, year, org_unit, first_month, last_month, period) DO UPDATE SET
    value = excluded.value,
    status = excluded.status,
    note = excluded.note,
    revision = actual_values.revision + 1,
    written_at = excluded.written_at,
    submission_id = excluded.submission_id;
