-- Parameters: @Id varchar(36)
SELECT id, kind, api_key_id, key_name, org_unit, received_at, received, created, updated, unchanged
FROM submissions
WHERE id = @Id;
