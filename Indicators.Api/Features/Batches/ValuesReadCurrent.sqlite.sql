-- The current row of every staged key (SQLite: the write lock is already held, BEGIN IMMEDIATE).
SELECT b.ordinal, a.value, a.status AS tag, a.note AS detail
FROM temp.batch_rows AS b
JOIN actual_values AS a ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;
