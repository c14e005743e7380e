-- The current targets, every kind, of (indicators) × (org units) × (years) — three JSON arrays — in ONE query: the
-- blocks the views keep in memory.
-- EXPLAIN QUERY PLAN: SEARCH t USING INDEX ix_targets_indicator_year (indicator=? AND year=? AND org_unit=?).
SELECT t.indicator, t.org_unit, t.year, t.first_month, t.last_month, t.kind, t.value, t.comparison
FROM targets AS t
WHERE t.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND t.year IN (SELECT j.value FROM json_each(@Years) AS j)
  AND t.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
