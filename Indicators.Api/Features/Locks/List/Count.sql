-- Parameters: @Offset int, @PageSize int
SELECT COUNT(*) FROM period_locks;
