-- When each current value was first received — the time of its revision 1, which the report status needs for every
-- expected key (completedAt, SPEC "Report status") — kept on the current row. It never changes once the row exists:
-- the write statement sets it when it inserts a key's row and leaves it on every update
-- (Features/Submissions/Submit/Write.sqlite.sql). Before, the status followed each revised key's chain of revisions
-- back to its revision 1, one primary-key lookup a step: on the bench province's monthly report after a bench run
-- (10,000 keys with 3-4 revisions each) 150-170 ms of a ~200 ms answer, growing with every revision written, against
-- 30-45 ms for the one range read of the current rows with the time on them (bench/RESULTS.md, 3 December 2026, late).
-- Nullable, as SQLite adds columns; every row is filled here from the revision that has none before it (0004), and
-- readers fall back to the current revision's time should a chain have been broken.
ALTER TABLE actual_values ADD COLUMN first_written_at TEXT NULL;
UPDATE actual_values AS v
SET first_written_at = r.written_at
FROM actual_revisions AS r
WHERE r.previous_submission_id IS NULL
  AND r.indicator = v.indicator AND r.org_unit = v.org_unit AND r.period = v.period;
