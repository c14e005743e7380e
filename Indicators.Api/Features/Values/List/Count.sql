-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @PeriodYear int, @FirstMonth int, @LastMonth int, @Year int
-- Parameters: @Status varchar(16), @Offset int, @PageSize int
-- How many current values pass the filters given (a line ending in "-- if @X" is sent only when X is given, so the
-- query keeps the plain equalities its indexes seek on).
SELECT COUNT(*)
FROM actual_values
WHERE 1 = 1
  AND indicator = @Indicator                                                        -- if @Indicator
  AND org_unit = @OrgUnit                                                           -- if @OrgUnit
  AND year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth  -- if @PeriodYear
  AND year = @Year                                                                  -- if @Year
  AND status = @Status                                                              -- if @Status
;
