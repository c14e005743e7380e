-- The value keys the approval freezes (@Keys: a JSON array of { indicator, orgUnit }); written in the writer's turn,
-- before the report's completeness is read in the same transaction.
INSERT INTO approval_keys (period, indicator, org_unit, schedule, reporter)
SELECT @Period, json_extract(j.value, '$.indicator'), json_extract(j.value, '$.orgUnit'), @Schedule, @Reporter
FROM json_each(@Keys) AS j;
