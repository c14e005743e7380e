-- Parameters: @Retain bigint
-- Keeps the last @Retain versions of the log (ChangeLogPruner); a replica further behind resets its caches.
DELETE FROM change_log WHERE version <= (SELECT d.version FROM data_version AS d WHERE d.id = 1) - @Retain;
