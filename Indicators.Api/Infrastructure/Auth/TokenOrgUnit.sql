-- Parameters: @OrgUnit nvarchar(32)
-- A bearer token's org unit must be in the catalogue (SPEC "Identity"): read on every request that carries a token, with
-- data_version in the same round trip, as the key lookup does (KeyFind.sql), so a cached read needs no second query.
SELECT (SELECT COUNT(*) FROM org_units WHERE code = @OrgUnit) AS known,
       (SELECT version FROM data_version WHERE id = 1) AS data_version;
