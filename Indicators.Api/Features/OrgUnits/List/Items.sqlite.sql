SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, updated_at
FROM org_units
WHERE (@Kind IS NULL OR kind = @Kind) AND (@Parent IS NULL OR parent_code = @Parent)
ORDER BY code
LIMIT @PageSize OFFSET @Offset;
