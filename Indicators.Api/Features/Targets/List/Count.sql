-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @PeriodYear int, @FirstMonth int, @LastMonth int, @Year int
-- Parameters: @Kind varchar(16), @Offset int, @PageSize int
-- How many current targets pass the filters given (a line ending in "-- if @X" is sent only when X is given).
SELECT COUNT(*)
FROM targets
WHERE 1 = 1
  AND indicator = @Indicator                                                        -- if @Indicator
  AND org_unit = @OrgUnit                                                           -- if @OrgUnit
  AND year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth  -- if @PeriodYear
  AND year = @Year                                                                  -- if @Year
  AND kind = @Kind                                                                  -- if @Kind
;
