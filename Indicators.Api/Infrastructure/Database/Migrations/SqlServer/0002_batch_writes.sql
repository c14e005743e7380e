-- A batch of values or targets travels to the server as one table-valued parameter of this type, so that a
-- 10,000-item batch is read and written set-based in a few statements (Features/Batches/RevisionedBatchWriter.cs).
-- kind is '' for values; tag is a value's status or a target's comparison; detail its note or source.
CREATE TYPE dbo.batch_rows AS TABLE (
    ordinal      int             NOT NULL PRIMARY KEY,
    indicator    nvarchar(64)    NOT NULL,
    org_unit     nvarchar(32)    NOT NULL,
    period       varchar(16)     NOT NULL,
    kind         varchar(16)     NOT NULL,
    year         smallint        NOT NULL,
    first_month  tinyint         NOT NULL,
    last_month   tinyint         NOT NULL,
    value        decimal(19,4)   NOT NULL,
    tag          varchar(16)     NOT NULL,
    detail       nvarchar(1000)  NULL
);

-- The revisions a targets receipt wrote (actual_revisions has its index since 0001).
CREATE INDEX ix_target_revisions_submission ON dbo.target_revisions (submission_id);
