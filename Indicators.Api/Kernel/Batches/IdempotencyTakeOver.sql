-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255), @Now datetimeoffset(7), @Expires datetimeoffset(7), @CreatedAt datetimeoffset(7)
-- A claim older than IdempotencyStore.StaleAfter that was never completed belongs to a crashed process: taken over,
-- unless another request took it first.
UPDATE idempotency_records SET created_at = @Now, expires_at = @Expires
WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key AND status_code IS NULL AND created_at = @CreatedAt;
