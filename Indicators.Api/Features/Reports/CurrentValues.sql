-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Years nvarchar(max), @FirstMonth int, @LastMonth int
-- The current values of (indicators) × (org units) × (years) — three JSON arrays, so a long list never meets the
-- 2,100-parameter limit — in ONE query whatever the number of report rows, keeping only the periods that can make up
-- months @FirstMonth..@LastMonth of a year: those inside them (the exact period, the pieces of a flow) and those
-- ending at @LastMonth (a stock's level). ix_actual_values_indicator_year (indicator, year, org_unit)
-- INCLUDE (first_month, last_month, value, status) covers it. Columns are read by ordinal (keep their order), the
-- small integers as int.
SELECT v.indicator, v.org_unit, CAST(v.year AS int) AS year, CAST(v.first_month AS int) AS first_month,
    CAST(v.last_month AS int) AS last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j)
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j)
  AND v.last_month <= @LastMonth
  AND (v.first_month >= @FirstMonth OR v.last_month = @LastMonth);
