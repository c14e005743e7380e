-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Years nvarchar(max)
-- The current targets, every kind, of (indicators) × (org units) × (years) — three JSON arrays — in ONE query
-- (seeks ix_targets_indicator_year (indicator, year, org_unit)): the blocks the views keep in memory.
SELECT t.indicator, t.org_unit, t.year, t.first_month, t.last_month, t.kind, t.value, t.comparison
FROM targets AS t
WHERE t.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND t.year IN (SELECT j.year FROM OPENJSON(@Years) WITH (year smallint '$') AS j)
  AND t.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j);
