-- This connection's temporary table of the batch being written (SQLite; Features/Batches/SqliteStage.cs fills it,
-- ValuesWrite.sqlite.sql writes from it). Temporary tables live in memory (PRAGMA temp_store, Db.OpenAsync) and
-- belong to the connection, so concurrent batches never see each other's rows.
CREATE TEMP TABLE IF NOT EXISTS batch_rows (
    ordinal              INTEGER NOT NULL PRIMARY KEY,
    indicator            TEXT NOT NULL,
    org_unit             TEXT NOT NULL,
    period               TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    first_month          INTEGER NOT NULL,
    last_month           INTEGER NOT NULL,
    value                TEXT NOT NULL,
    tag                  TEXT NOT NULL,
    detail               TEXT NULL);
DELETE FROM temp.batch_rows;
