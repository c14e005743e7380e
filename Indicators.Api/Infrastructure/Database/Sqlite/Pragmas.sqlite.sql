-- Set once per native connection (SqliteDb.OnOpenedAsync). Temporary tables (a batch being staged) stay in memory;
-- checkpoints run in the background (WalCheckpointer), the automatic one only past 16,384 pages (64 MB) of log.
PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
PRAGMA temp_store = MEMORY;
PRAGMA wal_autocheckpoint = 16384;
