-- How many revisions the key has.
SELECT COUNT(*) FROM actual_revisions WHERE indicator = @Indicator AND org_unit = @OrgUnit AND period = @Period
