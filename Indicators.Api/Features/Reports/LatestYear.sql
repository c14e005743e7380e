-- Parameters: none
-- The latest year holding a value: the year whose views the warm-up computes (Features/Reports/WarmUp.cs). The end of
-- ix_actual_values_year (year, first_month).
SELECT CAST(MAX(v.year) AS int) AS year FROM actual_values AS v;
