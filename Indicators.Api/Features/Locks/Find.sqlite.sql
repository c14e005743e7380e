-- The lock of (period, org unit) if any (SQLite's writers serialise: no hint needed).
SELECT period, org_unit, year, first_month, last_month, locked_at, locked_by
FROM period_locks
WHERE period = @Period AND org_unit = @OrgUnit;
