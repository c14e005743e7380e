-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32), @Offset int, @PageSize int
-- One page of approvals and reopenings, newest first (id breaks ties between entries of one instant).
SELECT schedule, period, org_unit, action, acted_at, acted_by
FROM approval_history
WHERE 1 = 1
  AND schedule = @Schedule  -- if @Schedule
  AND period = @Period      -- if @Period
  AND org_unit = @OrgUnit   -- if @OrgUnit
ORDER BY acted_at DESC, id DESC
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
