-- Copies committed pages from the write-ahead log into the database file without blocking readers or the writer.
PRAGMA wal_checkpoint(PASSIVE);
