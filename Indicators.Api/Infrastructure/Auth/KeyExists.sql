-- Parameters: @Id varchar(32)
SELECT COUNT(*) FROM api_keys WHERE id = @Id;
