-- The change log: the same table as SQLite's (Migrations/Sqlite/0006_change_log.sql says what it is for). One row per
-- (kind, indicator, org unit, year) a write changed, under the data_version it bumped; clustered by version.
CREATE TABLE dbo.change_log (
    version    bigint        NOT NULL,
    kind       varchar(16)   NOT NULL,
    indicator  nvarchar(64)  NOT NULL,
    org_unit   nvarchar(32)  NOT NULL,
    year       smallint      NOT NULL,
    CONSTRAINT pk_change_log PRIMARY KEY CLUSTERED (version, kind, indicator, org_unit, year)
);
