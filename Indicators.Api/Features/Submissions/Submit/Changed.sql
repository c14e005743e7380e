-- Parameters: @Version bigint, @SubmissionId varchar(36)
-- The change log of the submission (DataVersion.BumpAsync, in the write's transaction): one row per (indicator, org unit,
-- year) whose values it changed, read from the revisions it wrote (a range of actual_revisions' clustered key), so an
-- unchanged item invalidates nothing. A period code starts with its year (2020, 2020-S1, 2020-M01..M09).
INSERT INTO dbo.change_log (version, kind, indicator, org_unit, year)
SELECT DISTINCT @Version, 'values', r.indicator, r.org_unit, CAST(LEFT(r.period, 4) AS smallint)
FROM dbo.actual_revisions AS r
WHERE r.submission_id = @SubmissionId;
