-- The change log of the targets batch (DataVersion.BumpAsync, in the write's transaction): one row per (indicator, org
-- unit, year) whose targets it changed, read from the revisions it wrote (ix_target_revisions_submission). A period code
-- starts with its year.
INSERT INTO change_log (version, kind, indicator, org_unit, year)
SELECT DISTINCT @Version, 'targets', r.indicator, r.org_unit, CAST(substr(r.period, 1, 4) AS INTEGER)
FROM target_revisions AS r
WHERE r.submission_id = @SubmissionId
