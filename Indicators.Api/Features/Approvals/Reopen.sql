-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32)
-- Reopening: the report's frozen keys and its approval go; its history stays (History.sql).
DELETE FROM approval_keys WHERE schedule = @Schedule AND period = @Period AND reporter = @OrgUnit;
DELETE FROM approvals WHERE schedule = @Schedule AND period = @Period AND org_unit = @OrgUnit;
