-- @Rows: the batch as JSON (see ValuesReadCurrent.sqlite.sql). The current target of every key.
WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
SELECT b.ordinal, t.value, t.comparison AS tag, t.source AS detail
FROM b
JOIN targets AS t ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind;
