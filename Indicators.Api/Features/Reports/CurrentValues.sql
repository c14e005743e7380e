-- The current values of every (indicator, org unit, year) in three JSON arrays, in ONE query whatever the number
-- of report rows and without the 2,100-parameter limit. ix_actual_values_indicator_year (indicator, year, org_unit)
-- INCLUDE (first_month, last_month, value, status) covers it.
SELECT v.indicator, v.org_unit, v.year, v.first_month, v.last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j)
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j);
