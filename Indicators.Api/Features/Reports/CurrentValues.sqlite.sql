-- The current values of every (indicator, org unit, year) in three JSON arrays, in ONE query whatever the number
-- of report rows. Each IN list seeks ix_actual_values_indicator_year (indicator, year, org_unit) on all three columns
-- (EXPLAIN QUERY PLAN: SEARCH v USING INDEX ix_actual_values_indicator_year (indicator=? AND year=? AND org_unit=?)).
-- value is TEXT here: it is read as decimal by Dapper and never compared or summed in SQL.
SELECT v.indicator, v.org_unit, v.year, v.first_month, v.last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year IN (SELECT j.value FROM json_each(@Years) AS j)
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
