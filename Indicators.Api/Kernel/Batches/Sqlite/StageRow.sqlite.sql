-- One item of the batch into temp.batch_rows (Stage.sqlite.sql), prepared once and stepped per item by SqliteBatchStaging.
INSERT INTO temp.batch_rows (ordinal, indicator, org_unit, period, kind, year, first_month, last_month, value, tag, detail)
VALUES (@Ordinal, @Indicator, @OrgUnit, @Period, @Kind, @Year, @FirstMonth, @LastMonth, @Value, @Tag, @Detail);
