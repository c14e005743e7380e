-- Every revision of one key, newest first (the primary key (indicator, org_unit, period, revision) orders them);
-- the caller appends the page clause (Db.PageClause) after the ORDER BY.
SELECT revision, value, status, note, written_by_key, written_by_unit, written_at, submission_id
FROM actual_revisions
WHERE indicator = @Indicator AND org_unit = @OrgUnit AND period = @Period
ORDER BY revision DESC
