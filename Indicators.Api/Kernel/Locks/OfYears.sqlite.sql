-- The locks of the batch's years (@Years: a JSON array), read in the writing transaction (SQLite's writers serialise).
SELECT l.period, l.org_unit, l.year, l.first_month, l.last_month, l.locked_at, l.locked_by
FROM period_locks AS l
WHERE l.year IN (SELECT j.value FROM json_each(@Years) AS j);
