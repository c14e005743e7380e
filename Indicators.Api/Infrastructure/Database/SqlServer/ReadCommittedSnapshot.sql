-- Parameters: none
-- Readers of plan-vs-actual views must not block, nor be blocked by, a month-end batch: row versioning
-- (READ_COMMITTED_SNAPSHOT) gives readers the last committed rows. ALTER DATABASE cannot run inside the
-- migration's transaction and needs ALTER permission on the database, so it runs on its own after the migrations.
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = DB_NAME() AND is_read_committed_snapshot_on = 0)
BEGIN
    DECLARE @sql nvarchar(400) = N'ALTER DATABASE ' + QUOTENAME(DB_NAME()) + N' SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE';
    EXEC sys.sp_executesql @sql;
END;
SELECT CAST(is_read_committed_snapshot_on AS int) FROM sys.databases WHERE name = DB_NAME();
