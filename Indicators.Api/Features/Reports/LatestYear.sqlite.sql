-- The latest year holding a value: the year whose views the warm-up computes (Features/Reports/WarmUp.cs).
-- EXPLAIN QUERY PLAN: SEARCH v USING COVERING INDEX ix_actual_values_year (the end of it).
SELECT MAX(v.year) AS year FROM actual_values AS v
