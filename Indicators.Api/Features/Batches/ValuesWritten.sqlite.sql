-- What ValuesWrite.sqlite.sql wrote for the submission: its revisions, a range of actual_revisions' primary key;
-- revision 1 is a new key.
SELECT COALESCE(SUM(revision = 1), 0) AS created, COUNT(*) AS written
FROM actual_revisions
WHERE submission_id = @SubmissionId;
