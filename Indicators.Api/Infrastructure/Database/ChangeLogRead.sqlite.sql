-- The current version, with what changed after the version a replica's caches hold — at most @Limit rows, the oldest
-- first — in ONE statement (one snapshot: a version read here has all its rows here, unless the limit cut it). One row
-- with null log columns when nothing changed.
-- EXPLAIN QUERY PLAN: SEARCH d USING INTEGER PRIMARY KEY (rowid=?), SEARCH c USING PRIMARY KEY (version>?).
SELECT d.version AS head, c.version, c.kind, c.indicator, c.org_unit, c.year
FROM data_version AS d
LEFT JOIN change_log AS c ON c.version > @Since
WHERE d.id = 1
ORDER BY c.version
LIMIT @Limit
