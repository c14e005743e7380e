-- Parameters: @ApiKeyId varchar(32), @Key nvarchar(255), @Hash varchar(64), @Now datetimeoffset(7), @Expires datetimeoffset(7)
-- Claims (api key, Idempotency-Key) for a request now running; 0 rows when a record already exists. Two claims
-- racing past NOT EXISTS meet the primary key, and the loser is retried (DbErrors.IsTransient: 2627).
INSERT INTO dbo.idempotency_records (api_key_id, idempotency_key, request_hash, status_code, response_body, location, created_at, completed_at, expires_at)
SELECT @ApiKeyId, @Key, @Hash, NULL, NULL, NULL, @Now, NULL, @Expires
WHERE NOT EXISTS (
    SELECT 1 FROM dbo.idempotency_records WITH (UPDLOCK, HOLDLOCK)
    WHERE api_key_id = @ApiKeyId AND idempotency_key = @Key);
