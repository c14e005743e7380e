-- Parameters: @Code nvarchar(32), @NameVi nvarchar(200), @NameEn nvarchar(200), @Kind varchar(16), @Parent nvarchar(32)
-- Parameters: @ValidFrom date, @ValidTo date, @Successor nvarchar(32), @Now datetimeoffset(7)
UPDATE org_units
SET name_vi = @NameVi, name_en = @NameEn, kind = @Kind, parent_code = @Parent, valid_from = @ValidFrom, valid_to = @ValidTo,
    successor_code = @Successor, updated_at = @Now
WHERE code = @Code;
