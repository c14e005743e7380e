-- The reporter joins approval_keys' primary key (Migrations/Sqlite/0007_approval_keys_reporter.sql says why): a value
-- key may be frozen by two approved reports of one schedule and period. Still clustered by period first (0006).
ALTER TABLE dbo.approval_keys DROP CONSTRAINT pk_approval_keys;
ALTER TABLE dbo.approval_keys ADD CONSTRAINT pk_approval_keys PRIMARY KEY CLUSTERED (period, indicator, org_unit, schedule, reporter);
