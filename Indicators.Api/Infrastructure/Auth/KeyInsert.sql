-- Parameters: @Id varchar(32), @Name nvarchar(100), @KeyHash varbinary(32), @OrgUnit nvarchar(32), @Role varchar(16)
-- Parameters: @CreatedAt datetimeoffset(7)
-- Only the SHA-256 of the key is stored.
INSERT INTO api_keys (id, name, key_hash, org_unit, role, created_at, revoked_at)
VALUES (@Id, @Name, @KeyHash, @OrgUnit, @Role, @CreatedAt, NULL);
