-- One item of the batch, staged with its key's current row (NULLs when it has none), which the statement answers.
-- The write lock is already held (BEGIN IMMEDIATE): nothing changes the current rows before this transaction writes.
-- EXPLAIN QUERY PLAN: SEARCH a USING PRIMARY KEY (indicator=? AND year=? AND org_unit=? AND first_month=? AND
-- last_month=? AND period=?) — QueryPlanTests.
INSERT INTO temp.batch_rows
SELECT @Ordinal, @Indicator, @OrgUnit, @Period, @Year, @FirstMonth, @LastMonth, @Value, @Tag, @Detail,
       a.revision, a.submission_id, a.value, a.status, a.note
FROM (SELECT 1) AS one
LEFT JOIN actual_values AS a
    ON a.indicator = @Indicator AND a.year = @Year AND a.org_unit = @OrgUnit
   AND a.first_month = @FirstMonth AND a.last_month = @LastMonth AND a.period = @Period
RETURNING current_value, current_tag, current_detail;
