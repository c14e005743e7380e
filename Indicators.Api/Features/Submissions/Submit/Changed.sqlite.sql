-- The change log of the submission (DataVersion.BumpAsync, in the write's transaction): one row per (indicator, org unit,
-- year) whose values it changed, read from the revisions it wrote (a range of actual_revisions' primary key), so an
-- unchanged item invalidates nothing. A period code starts with its year (2020, 2020-S1, 2020-M01..M09).
INSERT INTO change_log (version, kind, indicator, org_unit, year)
SELECT DISTINCT @Version, 'values', r.indicator, r.org_unit, CAST(substr(r.period, 1, 4) AS INTEGER)
FROM actual_revisions AS r
WHERE r.submission_id = @SubmissionId
