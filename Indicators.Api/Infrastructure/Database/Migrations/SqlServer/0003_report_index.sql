-- SQL Server's ix_actual_values_indicator_year already covers the report reads (INCLUDE first_month, last_month,
-- value, status); SQLite gets its covering index in its own 0003. Here: GET /api/v1/values pages in the order
-- (indicator, org unit, year, first month, last month), which the clustered key (indicator, org_unit, period) does not
-- give (period codes do not sort by months), so without this index every page of an unfiltered list sorts the table.
CREATE INDEX ix_actual_values_listing ON dbo.actual_values (indicator, org_unit, year, first_month, last_month);
