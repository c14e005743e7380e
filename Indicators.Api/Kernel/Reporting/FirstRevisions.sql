-- Parameters: @Keys nvarchar(max)
-- When each revised value was first received: the time of its revision 1 (SPEC "Report status": completedAt is the
-- latest, over a report's expected keys, of each key's first revision time). @Keys is a JSON array of
-- [submission_id, indicator, org_unit, period], one per revised current value, starting at its newest revision; each
-- revision names the submission of the one before (previous_submission_id, migration 0005), so the chain is followed
-- back one clustered-key seek a step to the revision that has none before it. Any number of revisions: no recursion
-- limit.
WITH chain (indicator, org_unit, period, written_at, previous) AS (
    SELECT r.indicator, r.org_unit, r.period, r.written_at, r.previous_submission_id
    FROM OPENJSON(@Keys) WITH (s varchar(36) '$[0]', i nvarchar(64) '$[1]', u nvarchar(32) '$[2]', p varchar(16) '$[3]') AS j
    JOIN dbo.actual_revisions AS r ON r.submission_id = j.s AND r.indicator = j.i AND r.org_unit = j.u AND r.period = j.p
    UNION ALL
    SELECT c.indicator, c.org_unit, c.period, r.written_at, r.previous_submission_id
    FROM chain AS c
    JOIN dbo.actual_revisions AS r
        ON r.submission_id = c.previous AND r.indicator = c.indicator AND r.org_unit = c.org_unit AND r.period = c.period
)
SELECT indicator, org_unit, written_at
FROM chain
WHERE previous IS NULL
OPTION (MAXRECURSION 0);
