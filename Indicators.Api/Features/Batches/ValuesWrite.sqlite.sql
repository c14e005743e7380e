-- @Rows holds the changed rows (see ValuesReadCurrent.sqlite.sql): a new revision each (current + 1, or 1), then the
-- current row upserted. The value is the JSON string's text, stored as is.
WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
INSERT INTO actual_revisions (indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, COALESCE(a.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM b
LEFT JOIN actual_values AS a ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;

WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId
FROM b
WHERE true
ON CONFLICT (indicator, org_unit, period) DO UPDATE SET
    value = excluded.value,
    status = excluded.status,
    note = excluded.note,
    revision = actual_values.revision + 1,
    written_at = excluded.written_at,
    submission_id = excluded.submission_id;
