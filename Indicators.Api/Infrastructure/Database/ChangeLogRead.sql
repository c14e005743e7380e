-- Parameters: @Since bigint
-- What changed after the version a replica's caches hold, and the current version, in ONE statement (one snapshot: a
-- version read here has all its rows here). The head row has kind 'head'. Seeks the clustered key (version, …).
SELECT c.version, c.kind, c.indicator, c.org_unit, CAST(c.year AS int) AS year
FROM dbo.change_log AS c
WHERE c.version > @Since
UNION ALL
SELECT d.version, 'head', '', '', 0
FROM dbo.data_version AS d
WHERE d.id = 1
ORDER BY 1;
