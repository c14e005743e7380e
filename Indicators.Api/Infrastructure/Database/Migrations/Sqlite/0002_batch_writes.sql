-- SQLite stages batches in a per-connection TEMP table instead of a table type (Features/Batches/Stage.sqlite.sql).

-- The revisions a targets receipt wrote (actual_revisions has its index since 0001).
CREATE INDEX ix_target_revisions_submission ON target_revisions (submission_id);
