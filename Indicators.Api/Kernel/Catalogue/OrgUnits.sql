-- Parameters: none
-- The whole catalogue of org units: a province has a few hundred, so a request reads them at once rather than per row.
SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, updated_at
FROM org_units
ORDER BY code;
