-- The staged batch (temp.batch_rows: ValuesStage.sqlite.sql, SqliteStage.cs), written in two statements whatever its
-- size. Each item is compared with its key's current row here, as text: values are stored as the one canonical
-- invariant text of their decimal (no trailing zeros, DapperSetup.SqliteText — the staged text is made
-- the same way), so equal texts are equal decimals and different texts different ones; status and note compare as
-- they are. A new or changed item gets a new revision (current + 1, or 1), chained to the one before and appended in
-- the submission's run of actual_revisions; then its current row is upserted. An unchanged item writes nothing.
-- EXPLAIN QUERY PLAN: SEARCH a USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND
-- last_month=? AND period=?) — QueryPlanTests.
INSERT INTO actual_revisions (submission_id, indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, previous_submission_id)
SELECT @SubmissionId, b.indicator, b.org_unit, b.period, COALESCE(a.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, a.submission_id
FROM temp.batch_rows AS b
LEFT JOIN actual_values AS a
    ON a.indicator = b.indicator AND a.year = b.year AND a.org_unit = b.org_unit
   AND a.first_month = b.first_month AND a.last_month = b.last_month AND a.period = b.period
WHERE a.revision IS NULL OR a.value IS NOT b.value OR a.status IS NOT b.tag OR a.note IS NOT b.detail
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
    submission_id = excluded.submission_id
WHERE actual_values.value IS NOT excluded.value OR actual_values.status IS NOT excluded.status OR actual_values.note IS NOT excluded.note;
