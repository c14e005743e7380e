-- Parameters: @Years nvarchar(max)
-- The locks of the batch's years (@Years: a JSON array), read in the writing transaction; HOLDLOCK keeps a lock taken
-- meanwhile from slipping in before the batch commits.
SELECT l.period, l.org_unit, l.year, l.first_month, l.last_month, l.locked_at, l.locked_by
FROM dbo.period_locks AS l WITH (HOLDLOCK)
WHERE l.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j);
