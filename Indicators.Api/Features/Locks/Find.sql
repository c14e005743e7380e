-- Parameters: @Period varchar(16), @OrgUnit nvarchar(32)
-- The lock of (period, org unit) if any, locked until commit so that two admins locking the same period queue.
SELECT period, org_unit, year, first_month, last_month, locked_at, locked_by
FROM dbo.period_locks WITH (UPDLOCK, HOLDLOCK)
WHERE period = @Period AND org_unit = @OrgUnit;
