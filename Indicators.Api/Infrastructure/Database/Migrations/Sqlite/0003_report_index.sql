-- The plan-versus-actual and series views read (indicators × org units × years) of current values, tens of thousands
-- of rows for a province's children (Features/Reports/CurrentValues.sqlite.sql). With the months, value and status in
-- the index the read never visits the table (SEARCH ... USING COVERING INDEX), as SQL Server's INCLUDE columns already
-- allow. It starts with the columns of ix_actual_values_indicator_year, which it therefore replaces.
CREATE INDEX ix_actual_values_report ON actual_values (indicator, year, org_unit, first_month, last_month, value, status);
DROP INDEX ix_actual_values_indicator_year;
