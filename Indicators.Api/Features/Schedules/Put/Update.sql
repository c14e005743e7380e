-- Parameters: @Code nvarchar(64), @NameVi nvarchar(300), @NameEn nvarchar(300), @Frequency varchar(16), @Cutoff varchar(16)
-- Parameters: @DueDays int, @ValidFrom date, @ValidTo date, @Now datetimeoffset(7)
UPDATE schedules
SET name_vi = @NameVi, name_en = @NameEn, frequency = @Frequency, cutoff = @Cutoff, due_days = @DueDays,
    valid_from = @ValidFrom, valid_to = @ValidTo, updated_at = @Now
WHERE code = @Code;
