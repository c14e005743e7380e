-- A dry run's counts for the staged batch, by the comparison ValuesWrite.sqlite.sql makes (canonical value text,
-- status, note): how many items are new and how many change their key's current row.
SELECT COALESCE(SUM(a.revision IS NULL), 0) AS created,
       COALESCE(SUM(a.revision IS NOT NULL AND (a.value IS NOT b.value OR a.status IS NOT b.tag OR a.note IS NOT b.detail)), 0) AS updated
FROM temp.batch_rows AS b
LEFT JOIN actual_values AS a
    ON a.indicator = b.indicator AND a.year = b.year AND a.org_unit = b.org_unit
   AND a.first_month = b.first_month AND a.last_month = b.last_month AND a.period = b.period;
