-- Parameters: @Code nvarchar(64), @NameVi nvarchar(300), @NameEn nvarchar(300), @UnitVi nvarchar(64), @UnitEn nvarchar(64)
-- Parameters: @Measure varchar(8), @Direction varchar(16), @Decimals int, @MinValue decimal(19,4), @MaxValue decimal(19,4)
-- Parameters: @Category nvarchar(64), @ResponsibleUnit nvarchar(32), @Now datetimeoffset(7)
INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category,
    responsible_unit, created_at, updated_at)
VALUES (@Code, @NameVi, @NameEn, @UnitVi, @UnitEn, @Measure, @Direction, @Decimals, @MinValue, @MaxValue, @Category,
    @ResponsibleUnit, @Now, @Now);
