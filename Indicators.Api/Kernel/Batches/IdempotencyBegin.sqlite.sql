-- Claims (api key, Idempotency-Key) for a request now running; 0 rows when a record already exists.
INSERT INTO idempotency_records (api_key_id, idempotency_key, request_hash, status_code, response_body, location, created_at, completed_at, expires_at)
VALUES (@ApiKeyId, @Key, @Hash, NULL, NULL, NULL, @Now, NULL, @Expires)
ON CONFLICT (api_key_id, idempotency_key) DO NOTHING;
