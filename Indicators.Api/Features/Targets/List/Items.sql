-- Current targets, filtered by the constant terms SqlWhere puts in place of the placeholder, in a stable order;
-- the caller appends the page clause (Db.PageClause) after the ORDER BY.
SELECT indicator, org_unit, year, first_month, last_month, kind, value, comparison, source, revision, written_at
FROM targets
/**where**/
ORDER BY indicator, org_unit, year, first_month, last_month, kind
