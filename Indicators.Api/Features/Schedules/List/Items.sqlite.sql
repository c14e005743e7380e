-- One page of schedules by code (their indicators and reporters: Kernel/Reporting/ScheduleMembers.sqlite.sql).
SELECT code, name_vi, name_en, frequency, cutoff, due_days, valid_from, valid_to, updated_at
FROM schedules
WHERE 1 = 1
  AND frequency = @Frequency -- if @Frequency
ORDER BY code
LIMIT @PageSize OFFSET @Offset;
