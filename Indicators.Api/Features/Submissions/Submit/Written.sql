-- Parameters: @SubmissionId varchar(36)
-- What Write.sql wrote for the submission: its revisions (a range of actual_revisions' clustered key); revision 1 is a
-- new key. RevisionedWriter turns these into the receipt's created, updated and unchanged.
SELECT CAST(COALESCE(SUM(CASE WHEN revision = 1 THEN 1 ELSE 0 END), 0) AS bigint) AS created, CAST(COUNT(*) AS bigint) AS written
FROM actual_revisions
WHERE submission_id = @SubmissionId;
