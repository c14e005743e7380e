-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Years nvarchar(max)
-- The current values of (indicators) × (org units) × (years) — three JSON arrays, so a long list never meets the
-- 2,100-parameter limit — in ONE query whatever the number of report rows: whole years, the blocks the views keep in
-- memory, one row per block with its values as text ("first last value status", separated by spaces; the reason is in
-- CurrentValues.sqlite.sql). A decimal(19,4) is written with four decimals and read back exactly. The clustered key
-- (indicator, year, org_unit, …) of migration 0005 covers it. Columns are read by ordinal (keep their order).
SELECT v.indicator, v.org_unit, CAST(v.year AS int) AS year,
    STRING_AGG(CAST(CONCAT(v.first_month, ' ', v.last_month, ' ', CAST(v.value AS varchar(40)), ' ', v.status) AS varchar(max)), ' ') AS figures
FROM actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j)
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j)
GROUP BY v.indicator, v.year, v.org_unit;
