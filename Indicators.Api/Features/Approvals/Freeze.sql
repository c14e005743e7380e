-- Parameters: @Schedule nvarchar(64), @Period varchar(16), @Reporter nvarchar(32), @Keys nvarchar(max)
-- The value keys the approval freezes (@Keys: a JSON array of { indicator, orgUnit }), written before the report's
-- completeness is read: the insert waits for any batch that has passed its guard in these periods (it holds their key
-- ranges, Kernel/Approvals/OfPeriods.sql), so the read that follows sees that batch's values, and every later batch
-- meets these keys.
INSERT INTO dbo.approval_keys (period, indicator, org_unit, schedule, reporter)
SELECT @Period, j.indicator, j.org_unit, @Schedule, @Reporter
FROM OPENJSON(@Keys) WITH (indicator nvarchar(64) '$.indicator', org_unit nvarchar(32) '$.orgUnit') AS j;
