-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255), @Status int, @Body nvarchar(max), @Location nvarchar(400), @Now datetimeoffset(7)
-- Parameters: @Expires datetimeoffset(7)
-- The answer to replay, stored in the transaction that wrote the batch.
UPDATE idempotency_records
SET status_code = @Status, response_body = @Body, location = @Location, completed_at = @Now, expires_at = @Expires
WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key;
