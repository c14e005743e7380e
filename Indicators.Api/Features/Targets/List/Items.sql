-- Parameters: @Indicator nvarchar(64), @OrgUnit nvarchar(32), @PeriodYear int, @FirstMonth int, @LastMonth int, @Year int
-- Parameters: @Kind varchar(16), @Offset int, @PageSize int
-- One page of current targets passing the filters given (see Count.sql), in a stable order.
SELECT indicator, org_unit, year, first_month, last_month, kind, value, comparison, source, revision, written_at
FROM targets
WHERE 1 = 1
  AND indicator = @Indicator                                                        -- if @Indicator
  AND org_unit = @OrgUnit                                                           -- if @OrgUnit
  AND year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth  -- if @PeriodYear
  AND year = @Year                                                                  -- if @Year
  AND kind = @Kind                                                                  -- if @Kind
ORDER BY indicator, org_unit, year, first_month, last_month, kind
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
