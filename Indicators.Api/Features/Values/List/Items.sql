-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @PeriodYear int, @FirstMonth int, @LastMonth int, @Year int
-- Parameters: @Status varchar(16), @Offset int, @PageSize int
-- One page of current values passing the filters given (see Count.sql), in a stable order (ix_actual_values_listing).
SELECT indicator, org_unit, year, first_month, last_month, value, status, note, revision, written_at, submission_id
FROM actual_values
WHERE 1 = 1
  AND indicator = @Indicator                                                        -- if @Indicator
  AND org_unit = @OrgUnit                                                           -- if @OrgUnit
  AND year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth  -- if @PeriodYear
  AND year = @Year                                                                  -- if @Year
  AND status = @Status                                                              -- if @Status
ORDER BY indicator, org_unit, year, first_month, last_month
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
