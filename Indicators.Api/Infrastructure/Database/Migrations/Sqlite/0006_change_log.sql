-- The change log (issue 13, README "Performance"): every write records, in its own transaction and under the data_version
-- it bumps, which figures it changed — one row per (kind, indicator, org unit, year) for values and targets, one row of
-- kind 'catalogue' for an org unit or indicator saved, one row of kind 'other' for a write no view shows (a lock). Each
-- replica reads the rows after the version its caches hold and drops exactly what depends on them
-- (Infrastructure/Database/ChangeFeed.cs). Every version has at least one row, so a missing version means the replica
-- fell behind what the log keeps (writers delete versions older than ChangeLog:RetainVersions) or a writer that does
-- not log: the replica then drops everything it holds. Clustered by version: a replica reads a range at the end, a
-- writer deletes a range at the start.
CREATE TABLE change_log (
    version    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    org_unit   TEXT NOT NULL,
    year       INTEGER NOT NULL,
    PRIMARY KEY (version, kind, indicator, org_unit, year)
) WITHOUT ROWID;
