-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32)
-- The approval of one report, if any, locked until commit (UPDLOCK, HOLDLOCK: the key, or the gap where it would be),
-- so that two admins approving or reopening the same report queue.
SELECT schedule, period, org_unit, approved_at, approved_by
FROM dbo.approvals WITH (UPDLOCK, HOLDLOCK)
WHERE schedule = @Schedule AND period = @Period AND org_unit = @OrgUnit;
