-- The current target of every staged key (SQLite: the write lock is already held, BEGIN IMMEDIATE).
SELECT b.ordinal, t.value, t.comparison AS tag, t.source AS detail
FROM temp.batch_rows AS b
JOIN targets AS t ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind;
