-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32), @Offset int, @PageSize int
-- How many approvals and reopenings pass the filters given (a line ending in "-- if @X" is sent only when X is given).
SELECT COUNT(*)
FROM approval_history
WHERE 1 = 1
  AND schedule = @Schedule  -- if @Schedule
  AND period = @Period      -- if @Period
  AND org_unit = @OrgUnit   -- if @OrgUnit
