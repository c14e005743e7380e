-- Parameters: @Since bigint, @Limit int
-- The current version, with what changed after the version a replica's caches hold — at most @Limit rows, the oldest
-- first — in ONE statement (one snapshot: a version read here has all its rows here, unless the limit cut it). One row
-- with null log columns when nothing changed. Seeks the clustered key of change_log (version, …).
SELECT TOP (@Limit) d.version AS head, c.version, c.kind, c.indicator, c.org_unit, CAST(c.year AS int) AS year
FROM dbo.data_version AS d
LEFT JOIN dbo.change_log AS c ON c.version > @Since
WHERE d.id = 1
ORDER BY c.version;
