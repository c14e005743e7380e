-- How many revisions the key has: they are numbered 1, 2, 3… so the current row's revision is their count
-- (actual_revisions has no index by key on SQLite, see Revisions.sqlite.sql).
SELECT COALESCE((
    SELECT v.revision
    FROM actual_values AS v
    WHERE v.indicator = @Indicator AND v.year = @Year AND v.org_unit = @OrgUnit
      AND v.first_month = @FirstMonth AND v.last_month = @LastMonth AND v.period = @Period), 0)
