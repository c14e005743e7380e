-- Parameters: @Code nvarchar(64), @NameVi nvarchar(300), @NameEn nvarchar(300), @UnitVi nvarchar(64), @UnitEn nvarchar(64)
-- Parameters: @Measure varchar(8), @Direction varchar(16), @Decimals int, @MinValue decimal(19,4), @MaxValue decimal(19,4)
-- Parameters: @Category nvarchar(64), @ResponsibleUnit nvarchar(32), @Now datetimeoffset(7)
UPDATE indicators
SET name_vi = @NameVi, name_en = @NameEn, unit_vi = @UnitVi, unit_en = @UnitEn, measure = @Measure, direction = @Direction,
    decimals = @Decimals, min_value = @MinValue, max_value = @MaxValue, category = @Category, responsible_unit = @ResponsibleUnit,
    updated_at = @Now
WHERE code = @Code;
