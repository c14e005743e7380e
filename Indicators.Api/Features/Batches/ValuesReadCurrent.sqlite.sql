-- The staged batch (temp.batch_rows, SqliteStage.cs) gets each key's current row, in one statement for the batch;
-- then the current rows are answered. The write lock is already held (BEGIN IMMEDIATE), so nothing changes them
-- before this transaction writes. One lookup per item by the whole primary key (QueryPlanTests); RETURNING on the
-- staging insert instead cost three times as much (bench/RESULTS.md).
UPDATE temp.batch_rows
SET (current_revision, current_submission, current_value, current_tag, current_detail) = (
    SELECT a.revision, a.submission_id, a.value, a.status, a.note
    FROM actual_values AS a
    WHERE a.indicator = batch_rows.indicator AND a.year = batch_rows.year AND a.org_unit = batch_rows.org_unit
      AND a.first_month = batch_rows.first_month AND a.last_month = batch_rows.last_month AND a.period = batch_rows.period);
SELECT ordinal, current_value AS value, current_tag AS tag, current_detail AS detail
FROM temp.batch_rows
WHERE current_revision IS NOT NULL;
