-- The indicators (member 'i') and reporters (member 'r') of the schedules @Codes (a JSON array), each in the order the
-- schedule lists them: one query for a page of schedules, or for one.
SELECT s.schedule, 'i' AS member, s.indicator AS code, s.position
FROM schedule_indicators AS s
WHERE s.schedule IN (SELECT j.value FROM json_each(@Codes) AS j)
UNION ALL
SELECT s.schedule, 'r' AS member, s.org_unit AS code, s.position
FROM schedule_reporters AS s
WHERE s.schedule IN (SELECT j.value FROM json_each(@Codes) AS j)
ORDER BY schedule, member, position;
