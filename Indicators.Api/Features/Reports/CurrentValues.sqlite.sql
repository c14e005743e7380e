-- The current values of (indicators) × (org units) × (years) — three JSON arrays — in ONE query whatever the number
-- of report rows: whole years, the blocks the views keep in memory (Features/Reports/FigureCache.cs). Month numbers are
-- integers; value is TEXT and is only read (as decimal), never compared or summed here.
-- EXPLAIN QUERY PLAN: SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=?) (actual_values is clustered
-- in report order, migration 0004). Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, v.year, v.first_month, v.last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year IN (SELECT j.value FROM json_each(@Years) AS j)
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
