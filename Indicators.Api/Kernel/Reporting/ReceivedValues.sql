-- Parameters: @Indicators nvarchar(max), @OrgUnits nvarchar(max), @Year int, @FirstMonth int, @LastMonth int
-- The current values of (indicators) × (org units) for exactly one period — two JSON arrays, one parameter each — with
-- what the first revision time needs: a value written once (revision 1) was first received at written_at; for a
-- revised one FirstRevisions.sql follows its chain back from submission_id. One clustered-key seek per (indicator,
-- org unit) pair. Columns are read by ordinal: keep their order.
SELECT v.indicator, v.org_unit, v.revision, v.written_at, v.submission_id, v.period
FROM dbo.actual_values AS v
WHERE v.indicator IN (SELECT j.code FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$') AS j)
  AND v.year = @Year
  AND v.org_unit IN (SELECT j.code FROM OPENJSON(@OrgUnits) WITH (code nvarchar(32) '$') AS j)
  AND v.first_month = @FirstMonth AND v.last_month = @LastMonth;
