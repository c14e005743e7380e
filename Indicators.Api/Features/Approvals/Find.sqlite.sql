-- The approval of one report, if any (approvals are given and reopened in the writer's turn: no hint needed).
SELECT schedule, period, org_unit, approved_at, approved_by
FROM approvals
WHERE schedule = @Schedule AND period = @Period AND org_unit = @OrgUnit;
