-- The value keys frozen by approved reports in the batch's periods (@Periods: a JSON array of period codes), read in the
-- writing transaction: SQLite's writers serialise (Db.EnterWriterAsync, BEGIN IMMEDIATE), and approvals are given and
-- reopened in the writer's turn too, so approve and submit cannot interleave.
SELECT k.period, k.indicator, k.org_unit, k.schedule, k.reporter, a.approved_at, a.approved_by
FROM approval_keys AS k
JOIN approvals AS a
    ON a.schedule = k.schedule AND a.period = k.period AND a.org_unit = k.reporter
WHERE k.period IN (SELECT j.value FROM json_each(@Periods) AS j);
