-- Parameters: @SubmissionId varchar(36)
-- What Write.sql wrote for the submission (ix_target_revisions_submission); revision 1 is a new key.
SELECT CAST(COALESCE(SUM(CASE WHEN revision = 1 THEN 1 ELSE 0 END), 0) AS bigint) AS created, CAST(COUNT(*) AS bigint) AS written
FROM target_revisions
WHERE submission_id = @SubmissionId;
