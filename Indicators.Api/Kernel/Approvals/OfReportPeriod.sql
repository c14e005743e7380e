-- Parameters: @Schedule nvarchar(64), @Period varchar(16)
-- The approved reports of one schedule and period: the reporter, when and by whom.
SELECT org_unit, approved_at, approved_by
FROM approvals
WHERE schedule = @Schedule AND period = @Period;
