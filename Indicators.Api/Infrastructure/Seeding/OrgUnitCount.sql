-- Parameters: none
SELECT COUNT(*) FROM org_units;
