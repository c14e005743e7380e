-- Parameters: @Code nvarchar(32), @NameVi nvarchar(200), @NameEn nvarchar(200), @Kind varchar(16), @Parent nvarchar(32)
-- Parameters: @ValidFrom date, @ValidTo date, @Successor nvarchar(32), @Now datetimeoffset(7)
INSERT INTO org_units (code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, created_at, updated_at)
VALUES (@Code, @NameVi, @NameEn, @Kind, @Parent, @ValidFrom, @ValidTo, @Successor, @Now, @Now);
