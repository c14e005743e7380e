-- Parameters: none
-- Every write that changes what a view shows bumps the version in its own transaction and logs what it changed under
-- the new version (DataVersion.BumpAsync). The row lock serialises writers from here to their commit, so versions
-- commit in order and a reader that sees version V sees every log row up to V.
UPDATE dbo.data_version SET version = version + 1 OUTPUT inserted.version WHERE id = 1;
