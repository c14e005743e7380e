-- Every lock in time order.
SELECT period, org_unit, year, first_month, last_month, locked_at, locked_by
FROM period_locks
ORDER BY year, first_month, last_month, org_unit
LIMIT @PageSize OFFSET @Offset;
