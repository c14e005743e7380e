-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Year int, @FirstMonth int, @LastMonth int
-- The current values of (indicators) × (org units) for exactly one period — two JSON arrays, one parameter each — with
-- when each was first received: the time of its revision 1, kept on the current row (first_written_at, migration 0009;
-- the current revision's time should a chain have been broken before it was filled). One clustered-key seek per
-- (indicator, org unit) pair. Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, COALESCE(v.first_written_at, v.written_at) AS first_written_at
FROM dbo.actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year = @Year
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j)
  AND v.first_month = @FirstMonth AND v.last_month = @LastMonth;
