-- Parameters: @Period varchar(16), @OrgUnit nvarchar(32)
DELETE FROM period_locks WHERE period = @Period AND org_unit = @OrgUnit;
