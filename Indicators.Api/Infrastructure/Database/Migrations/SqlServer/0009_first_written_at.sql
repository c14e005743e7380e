-- When each current value was first received, kept on the current row: SQLite's 0008 (Migrations/Sqlite/
-- 0008_first_written_at.sql) says why. Set when a key's row is inserted, never updated (Features/Submissions/Submit/
-- Write.sql).
--
-- DbUp sends this script one batch at a time, split at the GO line: the UPDATE names the column the ALTER adds, and
-- SQL Server compiles a whole batch before running it (0005 says more).
ALTER TABLE dbo.actual_values ADD first_written_at datetimeoffset(7) NULL;
GO

-- Every current row from the revision that has none before it (0005 chained them). One set-based UPDATE.
UPDATE v
SET first_written_at = r.written_at
FROM dbo.actual_values AS v
JOIN dbo.actual_revisions AS r
    ON r.indicator = v.indicator AND r.org_unit = v.org_unit AND r.period = v.period AND r.previous_submission_id IS NULL;
