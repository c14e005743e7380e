-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32), @Action varchar(16), @ActedAt datetimeoffset(7)
-- Parameters: @ActedBy nvarchar(100)
INSERT INTO approval_history (schedule, period, org_unit, action, acted_at, acted_by)
VALUES (@Schedule, @Period, @OrgUnit, @Action, @ActedAt, @ActedBy);
