-- This connection's temporary table of the batch being written: SQLite's counterpart of SQL Server's table type
-- dbo.batch_rows (migration 0002), with the same columns (SqliteBatchStaging fills it; the slices' Write.sqlite.sql
-- read it). Temporary tables live in memory (Pragmas.sqlite.sql) and belong to the connection, so concurrent batches
-- never see each other's rows. kind is '' for values; tag is a value's status or a target's comparison; detail its
-- note or source; value is the canonical text of the decimal (DapperSetup.SqliteText).
CREATE TEMP TABLE IF NOT EXISTS batch_rows (
    ordinal              INTEGER NOT NULL PRIMARY KEY,
    indicator            TEXT NOT NULL,
    org_unit             TEXT NOT NULL,
    period               TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    first_month          INTEGER NOT NULL,
    last_month           INTEGER NOT NULL,
    value                TEXT NOT NULL,
    tag                  TEXT NOT NULL,
    detail               TEXT NULL);
DELETE FROM temp.batch_rows;
