-- Takes the unchanged items (@Unchanged, a JSON array of their ordinals) out of the staged batch, so that the write
-- (ValuesWrite.sqlite.sql) takes every row left. Run only when some item is unchanged.
DELETE FROM temp.batch_rows WHERE ordinal IN (SELECT u.value FROM json_each(@Unchanged) AS u);
