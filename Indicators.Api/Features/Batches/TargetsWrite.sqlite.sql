-- @Rows holds the changed targets: a new revision each, then the current target upserted.
WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
INSERT INTO target_revisions (indicator, org_unit, period, kind, revision, value, comparison, source, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, COALESCE(t.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM b
LEFT JOIN targets AS t ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind;

WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
INSERT INTO targets (indicator, org_unit, period, kind, year, first_month, last_month, value, comparison, source, revision, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, b.year, b.first_month, b.last_month, b.value, b.tag, b.detail, 1, @Now, @SubmissionId
FROM b
WHERE true
ON CONFLICT (indicator, org_unit, period, kind) DO UPDATE SET
    value = excluded.value,
    comparison = excluded.comparison,
    source = excluded.source,
    revision = targets.revision + 1,
    written_at = excluded.written_at,
    submission_id = excluded.submission_id;
