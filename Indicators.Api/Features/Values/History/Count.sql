-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @Period varchar(16), @Year int, @FirstMonth int, @LastMonth int
-- Parameters: @Offset int, @PageSize int
-- How many revisions the key has: they are numbered 1, 2, 3… so the current row's revision is their count
-- (actual_revisions is clustered by submission, with no index by key: see Revisions.sql).
SELECT COALESCE((
    SELECT v.revision
    FROM actual_values AS v
    WHERE v.indicator = @Indicator AND v.year = @Year AND v.org_unit = @OrgUnit
      AND v.first_month = @FirstMonth AND v.last_month = @LastMonth AND v.period = @Period), 0);
