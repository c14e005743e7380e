-- The current values of one report for the template (SPEC "Spreadsheets · Template"): (indicators) × (org units) for
-- exactly one period — two JSON arrays, one parameter each. Columns are read by ordinal: keep their order.
-- INDEXED BY the table's own key, as Kernel/Reporting/ReceivedValues.sqlite.sql explains (the planner would otherwise
-- take ix_actual_values_year and look every row up again).
SELECT v.indicator, v.org_unit, v.value, v.status, v.note
FROM actual_values AS v INDEXED BY sqlite_autoindex_actual_values_1
WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
  AND v.year = @Year
  AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
  AND v.first_month = @FirstMonth AND v.last_month = @LastMonth;
