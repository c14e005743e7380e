-- One page of current values passing the filters given (see Count.sql), in a stable order (ix_actual_values_list).
SELECT indicator, org_unit, year, first_month, last_month, value, status, note, revision, written_at, submission_id
FROM actual_values
WHERE 1 = 1
  AND indicator = @Indicator                                                        -- if @Indicator
  AND org_unit = @OrgUnit                                                           -- if @OrgUnit
  AND year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth  -- if @PeriodYear
  AND year = @Year                                                                  -- if @Year
  AND status = @Status                                                              -- if @Status
ORDER BY indicator, org_unit, year, first_month, last_month
LIMIT @PageSize OFFSET @Offset;
