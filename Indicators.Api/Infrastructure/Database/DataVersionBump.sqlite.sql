-- Every write that changes what a view shows bumps the version in its own transaction and logs what it changed under
-- the new version (DataVersion.BumpAsync); SQLite has one writer at a time, so versions commit in order.
UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version;
