-- @Rows is the batch as a JSON array of [ordinal, indicator, orgUnit, period, kind, year, firstMonth, lastMonth,
-- "value", tag, detail] (RevisionedBatchWriter.Json). It is read once, into this connection's temporary table
-- batch_rows together with each key's current row (revision, submission, value, status, note), so that the write
-- (ValuesWrite.sqlite.sql) needs neither the JSON nor a second lookup. jsonb_each hands each item over as binary
-- JSON, which ->> reads without parsing text again (half the cost of json_each here). The write lock is already held
-- (BEGIN IMMEDIATE), so nothing changes the current rows before this transaction writes. Answers the current row of
-- every key that has one.
CREATE TEMP TABLE IF NOT EXISTS batch_rows (
    ordinal              INTEGER NOT NULL PRIMARY KEY,
    indicator            TEXT NOT NULL,
    org_unit             TEXT NOT NULL,
    period               TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    first_month          INTEGER NOT NULL,
    last_month           INTEGER NOT NULL,
    value                TEXT NOT NULL,
    tag                  TEXT NOT NULL,
    detail               TEXT NULL,
    current_revision     INTEGER NULL,
    current_submission   TEXT NULL,
    current_value        TEXT NULL,
    current_tag          TEXT NULL,
    current_detail       TEXT NULL);
DELETE FROM temp.batch_rows;
INSERT INTO temp.batch_rows
SELECT b.ordinal, b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail,
       a.revision, a.submission_id, a.value, a.status, a.note
FROM (SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period,
             r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value,
             r.value ->> 9 AS tag, r.value ->> 10 AS detail
      FROM jsonb_each(@Rows) AS r) AS b
LEFT JOIN actual_values AS a
    ON a.indicator = b.indicator AND a.year = b.year AND a.org_unit = b.org_unit
   AND a.first_month = b.first_month AND a.last_month = b.last_month AND a.period = b.period;
SELECT ordinal, current_value AS value, current_tag AS tag, current_detail AS detail
FROM temp.batch_rows
WHERE current_revision IS NOT NULL;
