-- Parameters: @Code nvarchar(64)
-- One schedule's own fields (its indicators and reporters: ScheduleMembers.sql).
SELECT code, name_vi, name_en, frequency, cutoff, due_days, valid_from, valid_to, updated_at
FROM schedules
WHERE code = @Code;
