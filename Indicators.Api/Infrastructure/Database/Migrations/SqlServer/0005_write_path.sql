-- The write path of actual values: the layout SQLite got in its 0004 (Migrations/Sqlite/0004_write_path.sql says why),
-- here changed in place, since SQL Server can re-cluster a table without copying it under another name.
--
-- DbUp runs this script in one transaction, and sends it one batch at a time, split at each GO line. The GOs matter:
-- SQL Server compiles a whole batch before running it, and a statement that names a column the same batch adds does
-- not compile, so the UPDATE that fills previous_submission_id must be in a batch after the ALTER that adds it.

-- actual_values is clustered in the order the reports read it, (indicator, year, org_unit, months, period): the report
-- query is a range of the table itself, and a batch's rows for one indicator and year are neighbours on a few pages.
-- So the covering index ix_actual_values_indicator_year (indicator, year, org_unit) INCLUDE (…) is redundant and
-- goes — first, so that re-clustering does not rebuild it twice. The key is still (indicator, org_unit, period):
-- year and months are functions of the period. The other indexes (ix_actual_values_listing, _unit_year, _year) stay.
DROP INDEX ix_actual_values_indicator_year ON dbo.actual_values;
ALTER TABLE dbo.actual_values DROP CONSTRAINT pk_actual_values;
ALTER TABLE dbo.actual_values ADD CONSTRAINT pk_actual_values
    PRIMARY KEY CLUSTERED (indicator, year, org_unit, first_month, last_month, period);

-- actual_revisions is append-only in submission order: clustered by (submission_id, key), a batch's revisions are one
-- run of pages at the end of the table (submission ids are UUIDv7, in time order), and the clustered key serves the
-- reads by submission, so ix_actual_revisions_submission goes. A key's history is a chain: its current row names the
-- submission of its newest revision, and each revision the submission of the one before (previous_submission_id).
ALTER TABLE dbo.actual_revisions ADD previous_submission_id varchar(36) NULL;
GO

-- The chain of the revisions written so far: each one's predecessor is revision - 1 of the same key. One set-based
-- UPDATE, run while the old primary key (indicator, org_unit, period, revision) can still seek the predecessor.
UPDATE r
SET previous_submission_id = p.submission_id
FROM dbo.actual_revisions AS r
JOIN dbo.actual_revisions AS p
    ON p.indicator = r.indicator AND p.org_unit = r.org_unit AND p.period = r.period AND p.revision = r.revision - 1;
GO

DROP INDEX ix_actual_revisions_submission ON dbo.actual_revisions;
ALTER TABLE dbo.actual_revisions DROP CONSTRAINT pk_actual_revisions;
ALTER TABLE dbo.actual_revisions ADD CONSTRAINT pk_actual_revisions
    PRIMARY KEY CLUSTERED (submission_id, indicator, org_unit, period);
