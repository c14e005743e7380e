-- Parameters: @Code nvarchar(64), @NameVi nvarchar(300), @NameEn nvarchar(300), @Frequency varchar(16), @Cutoff varchar(16)
-- Parameters: @DueDays int, @ValidFrom date, @ValidTo date, @Now datetimeoffset(7)
INSERT INTO schedules (code, name_vi, name_en, frequency, cutoff, due_days, valid_from, valid_to, created_at, updated_at)
VALUES (@Code, @NameVi, @NameEn, @Frequency, @Cutoff, @DueDays, @ValidFrom, @ValidTo, @Now, @Now);
