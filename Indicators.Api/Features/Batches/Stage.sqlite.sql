-- The batch being written, private to this connection (TEMP), emptied at the start of each batch.
CREATE TEMP TABLE IF NOT EXISTS batch_rows (
    ordinal      INTEGER NOT NULL PRIMARY KEY,
    indicator    TEXT NOT NULL,
    org_unit     TEXT NOT NULL,
    period       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    value        TEXT NOT NULL,
    tag          TEXT NOT NULL,
    detail       TEXT NULL
);
DELETE FROM temp.batch_rows;
