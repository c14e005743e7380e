-- One item of the batch into temp.batch_rows (ValuesStage.sqlite.sql), run once per item by SqliteStage.cs.
INSERT INTO temp.batch_rows (ordinal, indicator, org_unit, period, year, first_month, last_month, value, tag, detail)
VALUES (@Ordinal, @Indicator, @OrgUnit, @Period, @Year, @FirstMonth, @LastMonth, @Value, @Tag, @Detail);
