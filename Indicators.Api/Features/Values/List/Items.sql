-- Current values, filtered by the constant terms SqlWhere puts in place of the placeholder, in a stable order;
-- the caller appends the page clause (Db.PageClause) after the ORDER BY.
SELECT indicator, org_unit, year, first_month, last_month, value, status, note, revision, written_at, submission_id
FROM actual_values
/**where**/
ORDER BY indicator, org_unit, year, first_month, last_month
