-- The current values of (indicators) × (org units) for exactly one period — two JSON arrays, one parameter each — with
-- when each was first received: the time of its revision 1, kept on the current row (first_written_at, migration 0008;
-- the current revision's time should a chain have been broken before it was filled). Columns are read by ordinal:
-- keep their order.
-- INDEXED BY the table's own key (indicator, year, org_unit, first_month, last_month, period — migration 0004): with
-- equalities on year and first_month the planner would otherwise take ix_actual_values_year and look every row up in
-- the table again (measured on the bench province's monthly report, 10,000 values: 36 ms against 29 ms).
-- EXPLAIN QUERY PLAN: SEARCH v USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND last_month=?)
SELECT v.indicator, v.org_unit, COALESCE(v.first_written_at, v.written_at) AS first_written_at
FROM actual_values AS v INDEXED BY sqlite_autoindex_actual_values_1
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year = @Year
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
  AND v.first_month = @FirstMonth AND v.last_month = @LastMonth;
