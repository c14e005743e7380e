-- This connection's temporary table of the batch being written: SQLite's counterpart of SQL Server's table type
-- dbo.batch_rows (migration 0002), with the same columns (SqliteBatchStaging fills it; the slices' Write.sqlite.sql
-- read it). Temporary tables live in memory (Pragmas.sqlite.sql) and belong to the connection, so concurrent batches
-- never see each other's rows. kind is '' for values; tag is a value's status or a target's comparison; detail its
-- note or source; value is the canonical text of the decimal (DapperSetup.SqliteText).
-- Keyed by (indicator, org unit, period, kind), unique in a batch (BatchCheck.Unique), so a scan of it is already in
-- the order the writes want: the key order of actual_revisions within a submission and of targets. The write statements
-- need no sort of the batch (measured on a 1,000-value batch: 13.5 -> 10 ms for the two statements, bench/RESULTS.md).
CREATE TEMP TABLE IF NOT EXISTS batch_rows (
    ordinal              INTEGER NOT NULL,
    indicator            TEXT NOT NULL,
    org_unit             TEXT NOT NULL,
    period               TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    first_month          INTEGER NOT NULL,
    last_month           INTEGER NOT NULL,
    value                TEXT NOT NULL,
    tag                  TEXT NOT NULL,
    detail               TEXT NULL,
    PRIMARY KEY (indicator, org_unit, period, kind)) WITHOUT ROWID;
DELETE FROM temp.batch_rows;
