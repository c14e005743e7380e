-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Year int, @FirstMonth int, @LastMonth int
-- The current values of one report for the template (SPEC "Spreadsheets · Template"): (indicators) × (org units) for
-- exactly one period — two JSON arrays, one parameter each; for one reporter that is its expected keys (a district: the
-- schedule's indicators × itself; a department: its indicators × the province). One clustered-key seek per pair.
-- Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, v.value, v.status, v.note
FROM dbo.actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year = @Year
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j)
  AND v.first_month = @FirstMonth AND v.last_month = @LastMonth;
