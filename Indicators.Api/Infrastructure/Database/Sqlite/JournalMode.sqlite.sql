-- Readers keep working while a batch is written (SqliteDb.BeforeMigrationsAsync). Persistent: a property of the file.
PRAGMA journal_mode = WAL;
