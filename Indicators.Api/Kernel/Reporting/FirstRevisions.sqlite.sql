-- When each revised value was first received: the time of its revision 1 (SPEC "Report status": completedAt is the
-- latest, over a report's expected keys, of each key's first revision time). @Keys is a JSON array of
-- [submission_id, indicator, org_unit, period], one per revised current value, starting at its newest revision; each
-- revision names the submission of the one before (previous_submission_id, migration 0004), so the chain is followed
-- back one primary-key lookup a step to the revision that has none before it.
WITH RECURSIVE chain (indicator, org_unit, period, written_at, previous) AS (
    SELECT r.indicator, r.org_unit, r.period, r.written_at, r.previous_submission_id
    FROM json_each(@Keys) AS j
    JOIN actual_revisions AS r
        ON r.submission_id = json_extract(j.value, '$[0]') AND r.indicator = json_extract(j.value, '$[1]')
       AND r.org_unit = json_extract(j.value, '$[2]') AND r.period = json_extract(j.value, '$[3]')
    UNION ALL
    SELECT c.indicator, c.org_unit, c.period, r.written_at, r.previous_submission_id
    FROM chain AS c
    JOIN actual_revisions AS r
        ON r.submission_id = c.previous AND r.indicator = c.indicator AND r.org_unit = c.org_unit AND r.period = c.period
)
SELECT indicator, org_unit, written_at
FROM chain
WHERE previous IS NULL;
