-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255), @CreatedAt datetimeoffset(7)
-- An expired record, unless it was replaced meanwhile (another claim's created_at).
DELETE FROM idempotency_records
WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key AND created_at = @CreatedAt;
