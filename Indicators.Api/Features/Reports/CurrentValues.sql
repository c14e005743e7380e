-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Years nvarchar(max)
-- The current values of (indicators) × (org units) × (years) — three JSON arrays, so a long list never meets the
-- 2,100-parameter limit — in ONE query whatever the number of report rows: whole years, the blocks the views keep in
-- memory (Features/Reports/FigureCache.cs). The clustered key (indicator, year, org_unit, …) of migration 0005 covers
-- it. Columns are read by ordinal (keep their order), the small integers as int.
SELECT v.indicator, v.org_unit, CAST(v.year AS int) AS year, CAST(v.first_month AS int) AS first_month,
    CAST(v.last_month AS int) AS last_month, v.value, v.status
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j)
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j);
