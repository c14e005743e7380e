-- Parameters: @Now datetimeoffset(7)
DELETE FROM idempotency_records WHERE expires_at < @Now;
