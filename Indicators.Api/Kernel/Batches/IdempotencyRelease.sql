-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255)
-- Frees the key of a request that wrote nothing; a completed record stays.
DELETE FROM idempotency_records
WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key AND status_code IS NULL;
