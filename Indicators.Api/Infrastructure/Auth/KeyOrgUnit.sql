-- Parameters: @OrgUnit nvarchar(32)
SELECT COUNT(*) FROM org_units WHERE code = @OrgUnit;
