-- Parameters: @Id varchar(36), @Kind varchar(16), @ApiKeyId varchar(32), @KeyName nvarchar(100), @OrgUnit nvarchar(32)
-- Parameters: @ReceivedAt datetimeoffset(7), @Received int, @Created int, @Updated int, @Unchanged int
-- A batch's receipt, in the batch's own transaction (RevisionedWriter).
INSERT INTO submissions (id, kind, api_key_id, key_name, org_unit, received_at, received, created, updated, unchanged)
VALUES (@Id, @Kind, @ApiKeyId, @KeyName, @OrgUnit, @ReceivedAt, @Received, @Created, @Updated, @Unchanged);
