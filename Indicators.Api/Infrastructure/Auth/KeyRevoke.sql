-- Parameters: @Id varchar(32), @Now datetimeoffset(7)
UPDATE api_keys SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL;
