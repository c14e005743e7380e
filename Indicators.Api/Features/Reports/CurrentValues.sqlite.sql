-- The current values of (indicators) × (org units) × (years) — three JSON arrays — in ONE query whatever the number
-- of report rows, keeping only the periods that can make up months @FirstMonth..@LastMonth of a year: those inside
-- them (the exact period, the pieces of a flow) and those ending at @LastMonth (a stock's level). Month numbers are
-- integers; value is TEXT and is only read (as decimal, by Dapper), never compared or summed here.
-- EXPLAIN QUERY PLAN: SEARCH v USING COVERING INDEX ix_actual_values_report (indicator=? AND year=? AND org_unit=?)
-- (migration 0003). Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, v.year, v.first_month, v.last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year IN (SELECT j.value FROM json_each(@Years) AS j)
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
  AND v.last_month <= @LastMonth
  AND (v.first_month >= @FirstMonth OR v.last_month = @LastMonth)
