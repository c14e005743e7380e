SELECT code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, updated_at
FROM indicators
WHERE (@Category IS NULL OR category = @Category)
ORDER BY code
LIMIT @PageSize OFFSET @Offset;
