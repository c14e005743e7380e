-- The reporting cycle (SPEC v2 "Reporting cycle"): schedules, their indicators and reporters, and the approval of
-- reports. A reporter's effective dates are its org unit's validFrom / validTo (SPEC: only reporters valid on at
-- least one day of a period are expected for it), so schedule_reporters holds codes only.

CREATE TABLE dbo.schedules (
    code        nvarchar(64)   NOT NULL CONSTRAINT pk_schedules PRIMARY KEY,
    name_vi     nvarchar(300)  NOT NULL,
    name_en     nvarchar(300)  NOT NULL,
    frequency   varchar(16)    NOT NULL,
    cutoff      varchar(16)    NOT NULL,
    due_days    int            NOT NULL,
    valid_from  date           NULL,
    valid_to    date           NULL,
    created_at  datetimeoffset(7) NOT NULL,
    updated_at  datetimeoffset(7) NOT NULL
);

-- position: the order the schedule lists them in (answers keep it).
CREATE TABLE dbo.schedule_indicators (
    schedule   nvarchar(64)  NOT NULL CONSTRAINT fk_schedule_indicators_schedule REFERENCES dbo.schedules (code),
    indicator  nvarchar(64)  NOT NULL CONSTRAINT fk_schedule_indicators_indicator REFERENCES dbo.indicators (code),
    position   int           NOT NULL,
    CONSTRAINT pk_schedule_indicators PRIMARY KEY (schedule, indicator)
);

CREATE TABLE dbo.schedule_reporters (
    schedule  nvarchar(64)  NOT NULL CONSTRAINT fk_schedule_reporters_schedule REFERENCES dbo.schedules (code),
    org_unit  nvarchar(32)  NOT NULL CONSTRAINT fk_schedule_reporters_org_unit REFERENCES dbo.org_units (code),
    position  int           NOT NULL,
    CONSTRAINT pk_schedule_reporters PRIMARY KEY (schedule, org_unit)
);

-- The reports approved now: one row per (schedule, period, reporter). An approval and its reopening lock this row
-- (UPDLOCK, HOLDLOCK), so two admins acting on one report queue.
CREATE TABLE dbo.approvals (
    schedule     nvarchar(64)   NOT NULL,
    period       varchar(16)    NOT NULL,
    org_unit     nvarchar(32)   NOT NULL,
    approved_at  datetimeoffset(7) NOT NULL,
    approved_by  nvarchar(100)  NOT NULL,
    CONSTRAINT pk_approvals PRIMARY KEY (schedule, period, org_unit)
);

-- The value keys an approval freezes, as they were expected when it was given: what the write path's guard reads
-- (Kernel/Approvals/OfPeriods.sql) by the batch's periods, WITH (HOLDLOCK), inside its writing transaction. Clustered
-- by period first, so the guard's key-range locks cover exactly the periods of the batch, and an approval inserting
-- keys into such a range waits for the batch to commit (and a batch reading it waits for the approval).
CREATE TABLE dbo.approval_keys (
    period     varchar(16)   NOT NULL,
    indicator  nvarchar(64)  NOT NULL,
    org_unit   nvarchar(32)  NOT NULL,
    schedule   nvarchar(64)  NOT NULL,
    reporter   nvarchar(32)  NOT NULL,
    CONSTRAINT pk_approval_keys PRIMARY KEY CLUSTERED (period, indicator, org_unit, schedule)
);
CREATE INDEX ix_approval_keys_report ON dbo.approval_keys (schedule, period, reporter);

-- Every approval and reopening, kept (SPEC: "Every approval and reopening is kept"); id orders entries of one instant.
CREATE TABLE dbo.approval_history (
    id        bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_approval_history PRIMARY KEY,
    schedule  nvarchar(64)   NOT NULL,
    period    varchar(16)    NOT NULL,
    org_unit  nvarchar(32)   NOT NULL,
    action    varchar(16)    NOT NULL,
    acted_at  datetimeoffset(7) NOT NULL,
    acted_by  nvarchar(100)  NOT NULL
);
CREATE INDEX ix_approval_history_report ON dbo.approval_history (schedule, period, org_unit);
