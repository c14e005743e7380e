-- Parameters: none
-- Every write that changes what a view shows bumps the version in its own transaction (Infrastructure/Http/ReadCache.cs).
UPDATE data_version SET version = version + 1 WHERE id = 1;
