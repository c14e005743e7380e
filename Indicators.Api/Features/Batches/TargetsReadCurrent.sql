-- The current target of every key of the batch, locked until commit (see ValuesReadCurrent.sql).
SELECT b.ordinal, t.value, t.comparison AS tag, t.source AS detail
FROM @Rows AS b
JOIN dbo.targets AS t WITH (UPDLOCK, HOLDLOCK)
    ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind;
