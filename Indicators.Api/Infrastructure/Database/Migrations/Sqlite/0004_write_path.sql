-- The write path of actual values, for ingest (bench/RESULTS.md). A 1,000-value batch used to rewrite ~270 pages of
-- the file (1 MB through the WAL, then again into the database at the checkpoint, each fsynced): every key's row sat
-- in a rowid table, its primary-key index and the report index, and every revision in a rowid table, its key index
-- and its submission index. Now:
--
-- actual_values is clustered (WITHOUT ROWID) in the order the reports read it, (indicator, year, org_unit, months,
-- period): the report query is a range of the table itself, so the covering index of 0003 goes, and a batch's rows
-- for one indicator and year are neighbours on a few pages. The key is still (indicator, org_unit, period) — year
-- and months are functions of the period. The other indexes hold key columns only, which an update of a value never
-- changes, so only inserts of new keys maintain them.
CREATE TABLE actual_values_0004 (
    indicator      TEXT NOT NULL,
    org_unit       TEXT NOT NULL,
    period         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    first_month    INTEGER NOT NULL,
    last_month     INTEGER NOT NULL,
    value          TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NULL,
    revision       INTEGER NOT NULL,
    written_at     TEXT NOT NULL,
    submission_id  TEXT NOT NULL,
    PRIMARY KEY (indicator, year, org_unit, first_month, last_month, period)
) WITHOUT ROWID;
INSERT INTO actual_values_0004 (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id)
SELECT indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id
FROM actual_values
ORDER BY indicator, year, org_unit, first_month, last_month, period;
DROP TABLE actual_values;
ALTER TABLE actual_values_0004 RENAME TO actual_values;
-- The value list's order (Features/Values/List/Items.sql), and its filters by unit and by year.
CREATE INDEX ix_actual_values_list ON actual_values (indicator, org_unit, year, first_month, last_month);
CREATE INDEX ix_actual_values_unit_year ON actual_values (org_unit, year);
CREATE INDEX ix_actual_values_year ON actual_values (year, first_month);

-- actual_revisions is append-only in submission order: clustered by (submission_id, key), a batch's revisions are
-- one run of pages at the end of the table (submission ids are UUIDv7, in time order), with no second index. A key's
-- history is a chain: its current row names the submission of its newest revision, and each revision the submission
-- of the one before (previous_submission_id), so reading it newest first follows the primary key step by step
-- (Features/Values/History/Revisions.sqlite.sql).
CREATE TABLE actual_revisions_0004 (
    submission_id           TEXT NOT NULL,
    indicator               TEXT NOT NULL,
    org_unit                TEXT NOT NULL,
    period                  TEXT NOT NULL,
    revision                INTEGER NOT NULL,
    value                   TEXT NOT NULL,
    status                  TEXT NOT NULL,
    note                    TEXT NULL,
    written_by_key          TEXT NOT NULL,
    written_by_unit         TEXT NOT NULL,
    written_at              TEXT NOT NULL,
    previous_submission_id  TEXT NULL,
    PRIMARY KEY (submission_id, indicator, org_unit, period)
) WITHOUT ROWID;
INSERT INTO actual_revisions_0004 (submission_id, indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, previous_submission_id)
SELECT r.submission_id, r.indicator, r.org_unit, r.period, r.revision, r.value, r.status, r.note, r.written_by_key, r.written_by_unit, r.written_at,
       (SELECT p.submission_id FROM actual_revisions AS p
        WHERE p.indicator = r.indicator AND p.org_unit = r.org_unit AND p.period = r.period AND p.revision = r.revision - 1)
FROM actual_revisions AS r
ORDER BY r.submission_id, r.indicator, r.org_unit, r.period;
DROP TABLE actual_revisions;
ALTER TABLE actual_revisions_0004 RENAME TO actual_revisions;
