-- The anchor of the WAL index (WalIndex.cs): its journal mode, which must be WAL, and a row read so that the connection
-- is attached to the log and holds the shared lock that keeps the -shm file in place.
SELECT (SELECT journal_mode FROM pragma_journal_mode) AS journal_mode, (SELECT version FROM data_version WHERE id = 1) AS data_version;
