-- Parameters: @Period varchar(16), @OrgUnit nvarchar(32), @Year int, @FirstMonth int, @LastMonth int, @LockedAt datetimeoffset(7)
-- Parameters: @LockedBy nvarchar(100)
INSERT INTO period_locks (period, org_unit, year, first_month, last_month, locked_at, locked_by)
VALUES (@Period, @OrgUnit, @Year, @FirstMonth, @LastMonth, @LockedAt, @LockedBy);
