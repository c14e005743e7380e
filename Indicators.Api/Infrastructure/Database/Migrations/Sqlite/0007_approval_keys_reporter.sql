-- A value key can be frozen by two approved reports of one schedule and period: a department's report approved, then
-- the indicator's responsibility moved to another department whose report is approved too. 0005 keyed approval_keys
-- without the reporter, so the second approval broke the primary key; the reporter is now part of it.
CREATE TABLE approval_keys_0007 (
    period     TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    org_unit   TEXT NOT NULL,
    schedule   TEXT NOT NULL,
    reporter   TEXT NOT NULL,
    PRIMARY KEY (period, indicator, org_unit, schedule, reporter)
) WITHOUT ROWID;
INSERT INTO approval_keys_0007 (period, indicator, org_unit, schedule, reporter)
SELECT period, indicator, org_unit, schedule, reporter FROM approval_keys;
DROP TABLE approval_keys;
ALTER TABLE approval_keys_0007 RENAME TO approval_keys;
CREATE INDEX ix_approval_keys_report ON approval_keys (schedule, period, reporter);
