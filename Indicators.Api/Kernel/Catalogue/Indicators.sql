-- Parameters: none
-- The whole catalogue of indicators: a province has a few hundred, so a request reads them at once rather than per row.
SELECT code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, updated_at
FROM indicators
ORDER BY code;
