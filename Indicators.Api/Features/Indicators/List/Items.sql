-- Parameters: @Category nvarchar(64), @Offset int, @PageSize int
SELECT code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, updated_at
FROM indicators
WHERE (@Category IS NULL OR category = @Category)
ORDER BY code
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
