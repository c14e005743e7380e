-- Parameters: @Kind varchar(16), @Parent nvarchar(32), @Offset int, @PageSize int
SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, updated_at
FROM org_units
WHERE (@Kind IS NULL OR kind = @Kind) AND (@Parent IS NULL OR parent_code = @Parent)
ORDER BY code
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
