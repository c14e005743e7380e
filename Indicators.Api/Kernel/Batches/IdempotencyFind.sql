-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255)
SELECT request_hash, status_code, response_body, location, created_at, expires_at
FROM idempotency_records
WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key;
