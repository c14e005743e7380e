-- Parameters: @Kind varchar(16), @Parent nvarchar(32), @Offset int, @PageSize int
SELECT COUNT(*)
FROM org_units
WHERE (@Kind IS NULL OR kind = @Kind) AND (@Parent IS NULL OR parent_code = @Parent);
