-- Parameters: none
-- Every key, never the keys themselves (only their hashes are stored, and not listed).
SELECT id, name, org_unit, role, created_at, revoked_at
FROM api_keys
ORDER BY created_at, id;
