-- Parameters: @Code nvarchar(64)
SELECT code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, updated_at
FROM indicators
WHERE code = @Code;
