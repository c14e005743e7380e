-- Parameters: @Version bigint, @SubmissionId varchar(36)
-- The change log of the targets batch (DataVersion.BumpAsync, in the write's transaction): one row per (indicator, org
-- unit, year) whose targets it changed, read from the revisions it wrote (ix_target_revisions_submission). A period code
-- starts with its year.
INSERT INTO dbo.change_log (version, kind, indicator, org_unit, year)
SELECT DISTINCT @Version, 'targets', r.indicator, r.org_unit, CAST(LEFT(r.period, 4) AS smallint)
FROM dbo.target_revisions AS r
WHERE r.submission_id = @SubmissionId;
