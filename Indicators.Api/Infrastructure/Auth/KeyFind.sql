-- Parameters: @Id varchar(32)
-- The key row and data_version in one round trip, read on every authenticated request (ApiKeyStore.AuthenticateAsync):
-- a cached read needs no second query (Infrastructure/Http/ReadCache.cs).
SELECT id, name, org_unit, role, created_at, revoked_at, key_hash, (SELECT version FROM data_version WHERE id = 1) AS data_version
FROM api_keys
WHERE id = @Id;
