-- Parameters: @Code nvarchar(64), @Indicators nvarchar(max), @Reporters nvarchar(max)
-- Replaces the schedule's indicators and reporters with the lists sent (JSON arrays of { code, position }), in their order.
DELETE FROM schedule_indicators WHERE schedule = @Code;
DELETE FROM schedule_reporters WHERE schedule = @Code;
INSERT INTO schedule_indicators (schedule, indicator, position)
SELECT @Code, j.code, j.position
FROM OPENJSON(@Indicators) WITH (code nvarchar(64) '$.code', position int '$.position') AS j;
INSERT INTO schedule_reporters (schedule, org_unit, position)
SELECT @Code, j.code, j.position
FROM OPENJSON(@Reporters) WITH (code nvarchar(32) '$.code', position int '$.position') AS j;
