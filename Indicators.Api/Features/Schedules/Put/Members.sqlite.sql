-- Replaces the schedule's indicators and reporters with the lists sent (JSON arrays of { code, position }), in their order.
DELETE FROM schedule_indicators WHERE schedule = @Code;
DELETE FROM schedule_reporters WHERE schedule = @Code;
INSERT INTO schedule_indicators (schedule, indicator, position)
SELECT @Code, json_extract(j.value, '$.code'), json_extract(j.value, '$.position')
FROM json_each(@Indicators) AS j;
INSERT INTO schedule_reporters (schedule, org_unit, position)
SELECT @Code, json_extract(j.value, '$.code'), json_extract(j.value, '$.position')
FROM json_each(@Reporters) AS j;
