-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @Period varchar(16), @Year int, @FirstMonth int, @LastMonth int
-- Parameters: @Offset int, @PageSize int
-- One page of the key's revisions, newest first. actual_revisions is clustered by submission (migration 0005), so the
-- history is a chain: the current row names the submission of the newest revision, and each revision the submission
-- of the one before; each step is one clustered-key seek. A key may have any number of revisions: no recursion limit.
WITH chain (submission_id) AS (
    SELECT v.submission_id
    FROM dbo.actual_values AS v
    WHERE v.indicator = @Indicator AND v.year = @Year AND v.org_unit = @OrgUnit
      AND v.first_month = @FirstMonth AND v.last_month = @LastMonth AND v.period = @Period
    UNION ALL
    SELECT r.previous_submission_id
    FROM chain
    JOIN dbo.actual_revisions AS r
        ON r.submission_id = chain.submission_id AND r.indicator = @Indicator AND r.org_unit = @OrgUnit AND r.period = @Period
    WHERE r.previous_submission_id IS NOT NULL
)
SELECT r.revision, r.value, r.status, r.note, r.written_by_key, r.written_by_unit, r.written_at, r.submission_id
FROM chain
JOIN dbo.actual_revisions AS r
    ON r.submission_id = chain.submission_id AND r.indicator = @Indicator AND r.org_unit = @OrgUnit AND r.period = @Period
ORDER BY r.revision DESC
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY
OPTION (MAXRECURSION 0);
