-- Parameters: @Periods nvarchar(max)
-- The value keys frozen by approved reports in the batch's periods (@Periods: a JSON array of period codes), read in
-- the writing transaction. HOLDLOCK keeps the key ranges of those periods in approval_keys locked until the batch
-- commits: an approval inserting its keys there meanwhile waits for the batch (and then sees its values), and a batch
-- reading them while an approval is being given waits for it (and is refused) — approve and submit cannot
-- interleave. An approval writes its keys and its approvals row in one transaction, so the join needs no hint.
SELECT k.period, k.indicator, k.org_unit, k.schedule, k.reporter, a.approved_at, a.approved_by
FROM dbo.approval_keys AS k WITH (HOLDLOCK)
JOIN dbo.approvals AS a
    ON a.schedule = k.schedule AND a.period = k.period AND a.org_unit = k.reporter
WHERE k.period IN (SELECT j.period FROM OPENJSON(@Periods) WITH (period varchar(16) '$') AS j);
