-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @OrgUnit nvarchar(32), @ApprovedAt datetimeoffset(7), @ApprovedBy nvarchar(100)
INSERT INTO approvals (schedule, period, org_unit, approved_at, approved_by)
VALUES (@Schedule, @Period, @OrgUnit, @ApprovedAt, @ApprovedBy);
