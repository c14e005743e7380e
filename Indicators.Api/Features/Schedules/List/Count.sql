-- Parameters: @Frequency varchar(16), @Offset int, @PageSize int
SELECT COUNT(*)
FROM schedules
WHERE 1 = 1
  AND frequency = @Frequency -- if @Frequency
