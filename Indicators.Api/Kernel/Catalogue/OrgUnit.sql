-- Parameters: @Code nvarchar(32)
SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, updated_at
FROM org_units
WHERE code = @Code;
