-- The staged rows are the changed ones: a new revision each (current + 1, or 1), then the current row upserted.
INSERT INTO actual_revisions (indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, COALESCE(a.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM temp.batch_rows AS b
LEFT JOIN actual_values AS a ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;

INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId
FROM temp.batch_rows AS b
WHERE true
ON CONFLICT (indicator, org_unit, period) DO UPDATE SET
    value = excluded.value,
    status = excluded.status,
    note = excluded.note,
    revision = actual_values.revision + 1,
    written_at = excluded.written_at,
    submission_id = excluded.submission_id;
