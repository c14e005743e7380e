-- Parameters: @Category nvarchar(64), @Offset int, @PageSize int
SELECT COUNT(*)
FROM indicators
WHERE (@Category IS NULL OR category = @Category);
