-- When each current value of (indicators) × (org units) for exactly one period was first received: the time of its
-- revision 1 (SPEC "Report status": completedAt is the latest, over a report's expected keys, of each key's first
-- revision time). A key written once (revision 1) is its own answer; for a revised key the chain of its revisions is
-- followed back — its current row names the submission of the newest revision, each revision the submission of the
-- one before (migration 0004), each step one primary-key lookup — to the revision that has none before it.
-- The current rows are primary-key seeks (indicator, year, org_unit, first_month, last_month), one per (indicator,
-- org unit) pair. Columns are read by ordinal: keep their order.
WITH RECURSIVE chain (indicator, org_unit, period, written_at, previous) AS (
    SELECT v.indicator, v.org_unit, v.period, v.written_at, r.previous_submission_id
    FROM actual_values AS v
    LEFT JOIN actual_revisions AS r
        ON v.revision > 1 AND r.submission_id = v.submission_id
       AND r.indicator = v.indicator AND r.org_unit = v.org_unit AND r.period = v.period
    WHERE v.indicator IN (SELECT j.value FROM json_each(@Indicators) AS j)
      AND v.year = @Year
      AND v.org_unit IN (SELECT j.value FROM json_each(@OrgUnits) AS j)
      AND v.first_month = @FirstMonth AND v.last_month = @LastMonth
    UNION ALL
    SELECT c.indicator, c.org_unit, c.period, r.written_at, r.previous_submission_id
    FROM chain AS c
    JOIN actual_revisions AS r
        ON r.submission_id = c.previous AND r.indicator = c.indicator AND r.org_unit = c.org_unit AND r.period = c.period
)
SELECT indicator, org_unit, written_at
FROM chain
WHERE previous IS NULL;
