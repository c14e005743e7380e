-- @Rows is the batch as a JSON array of [ordinal, indicator, orgUnit, period, kind, year, firstMonth, lastMonth,
-- "value", tag, detail] (RevisionedBatchWriter.Json). The current row of every key; the write lock is already held
-- (BEGIN IMMEDIATE), so nothing changes them before this transaction writes.
WITH b AS (
    SELECT r.value ->> 0 AS ordinal, r.value ->> 1 AS indicator, r.value ->> 2 AS org_unit, r.value ->> 3 AS period, r.value ->> 4 AS kind,
           r.value ->> 5 AS year, r.value ->> 6 AS first_month, r.value ->> 7 AS last_month, r.value ->> 8 AS value, r.value ->> 9 AS tag,
           r.value ->> 10 AS detail
    FROM json_each(@Rows) AS r)
SELECT b.ordinal, a.value, a.status AS tag, a.note AS detail
FROM b
JOIN actual_values AS a ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;
