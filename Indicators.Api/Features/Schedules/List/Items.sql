-- Parameters: @Frequency varchar(16), @Offset int, @PageSize int
-- One page of schedules by code (their indicators and reporters: Kernel/Reporting/ScheduleMembers.sql).
SELECT code, name_vi, name_en, frequency, cutoff, due_days, valid_from, valid_to, updated_at
FROM schedules
WHERE 1 = 1
  AND frequency = @Frequency -- if @Frequency
ORDER BY code
OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY;
