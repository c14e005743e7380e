-- The current values of (indicators) × (org units) × (years) — three JSON arrays — in ONE query whatever the number
-- of report rows: whole years, the blocks the views keep in memory (Features/Reports/FigureCache.cs), one row per block
-- with its values as text ("first last value status", separated by spaces): a province's view reads 20,000 blocks of
-- 240,000 values, and a row per value was most of what reading them cost and allocated. value is TEXT, the one
-- canonical text of its decimal (DapperSetup.SqliteText), concatenated as it is — never compared or summed here.
-- EXPLAIN QUERY PLAN: SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=?), grouped in key order (actual_values
-- is clustered in report order, migration 0004). Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, v.year, group_concat(v.first_month || ' ' || v.last_month || ' ' || v.value || ' ' || v.status, ' ') AS figures
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year IN (SELECT j.value FROM json_each(@Years) AS j)
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
GROUP BY v.indicator, v.year, v.org_unit
