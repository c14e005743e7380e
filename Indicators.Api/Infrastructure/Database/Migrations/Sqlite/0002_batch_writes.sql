-- SQLite receives batches as one JSON parameter read with json_each instead of a table type (Features/Batches/*.sqlite.sql).

-- The revisions a targets receipt wrote (actual_revisions has its index since 0001).
CREATE INDEX ix_target_revisions_submission ON target_revisions (submission_id);
