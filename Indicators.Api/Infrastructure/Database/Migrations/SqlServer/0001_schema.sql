-- Values are decimal(19,4): exact, and wide enough for any figure the API accepts (SPEC "Actual values").
CREATE TABLE dbo.org_units (
    code            nvarchar(32)   NOT NULL CONSTRAINT pk_org_units PRIMARY KEY,
    name_vi         nvarchar(200)  NOT NULL,
    name_en         nvarchar(200)  NOT NULL,
    kind            varchar(16)    NOT NULL,
    parent_code     nvarchar(32)   NULL CONSTRAINT fk_org_units_parent REFERENCES dbo.org_units (code),
    valid_from      date           NULL,
    valid_to        date           NULL,
    successor_code  nvarchar(32)   NULL,
    created_at      datetimeoffset(7) NOT NULL,
    updated_at      datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_org_units_parent ON dbo.org_units (parent_code);

CREATE TABLE dbo.indicators (
    code              nvarchar(64)   NOT NULL CONSTRAINT pk_indicators PRIMARY KEY,
    name_vi           nvarchar(300)  NOT NULL,
    name_en           nvarchar(300)  NOT NULL,
    unit_vi           nvarchar(64)   NOT NULL,
    unit_en           nvarchar(64)   NOT NULL,
    measure           varchar(8)     NOT NULL,
    direction         varchar(16)    NOT NULL,
    decimals          int            NOT NULL,
    min_value         decimal(19,4)  NULL,
    max_value         decimal(19,4)  NULL,
    category          nvarchar(64)   NULL,
    responsible_unit  nvarchar(32)   NULL CONSTRAINT fk_indicators_responsible REFERENCES dbo.org_units (code),
    created_at        datetimeoffset(7) NOT NULL,
    updated_at        datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_indicators_category ON dbo.indicators (category);

CREATE TABLE dbo.api_keys (
    id          varchar(32)    NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name        nvarchar(100)  NOT NULL,
    key_hash    varbinary(32)  NOT NULL,
    org_unit    nvarchar(32)   NOT NULL CONSTRAINT fk_api_keys_org_unit REFERENCES dbo.org_units (code),
    role        varchar(16)    NOT NULL,
    created_at  datetimeoffset(7) NOT NULL,
    revoked_at  datetimeoffset(7) NULL
);

CREATE TABLE dbo.submissions (
    id           varchar(36)    NOT NULL CONSTRAINT pk_submissions PRIMARY KEY,
    kind         varchar(16)    NOT NULL,
    api_key_id   varchar(32)    NOT NULL,
    key_name     nvarchar(100)  NOT NULL,
    org_unit     nvarchar(32)   NOT NULL,
    received_at  datetimeoffset(7) NOT NULL,
    received     int            NOT NULL,
    created      int            NOT NULL,
    updated      int            NOT NULL,
    unchanged    int            NOT NULL
);

CREATE TABLE dbo.actual_values (
    indicator      nvarchar(64)    NOT NULL,
    org_unit       nvarchar(32)    NOT NULL,
    period         varchar(16)     NOT NULL,
    year           smallint        NOT NULL,
    first_month    tinyint         NOT NULL,
    last_month     tinyint         NOT NULL,
    value          decimal(19,4)   NOT NULL,
    status         varchar(16)     NOT NULL,
    note           nvarchar(1000)  NULL,
    revision       int             NOT NULL,
    written_at     datetimeoffset(7) NOT NULL,
    submission_id  varchar(36)     NOT NULL,
    CONSTRAINT pk_actual_values PRIMARY KEY (indicator, org_unit, period)
);
CREATE INDEX ix_actual_values_indicator_year ON dbo.actual_values (indicator, year, org_unit)
    INCLUDE (first_month, last_month, value, status);
CREATE INDEX ix_actual_values_unit_year ON dbo.actual_values (org_unit, year);
CREATE INDEX ix_actual_values_year ON dbo.actual_values (year, first_month);

CREATE TABLE dbo.actual_revisions (
    indicator        nvarchar(64)    NOT NULL,
    org_unit         nvarchar(32)    NOT NULL,
    period           varchar(16)     NOT NULL,
    revision         int             NOT NULL,
    value            decimal(19,4)   NOT NULL,
    status           varchar(16)     NOT NULL,
    note             nvarchar(1000)  NULL,
    written_by_key   nvarchar(100)   NOT NULL,
    written_by_unit  nvarchar(32)    NOT NULL,
    written_at       datetimeoffset(7) NOT NULL,
    submission_id    varchar(36)     NOT NULL,
    CONSTRAINT pk_actual_revisions PRIMARY KEY (indicator, org_unit, period, revision)
);
CREATE INDEX ix_actual_revisions_submission ON dbo.actual_revisions (submission_id);

CREATE TABLE dbo.targets (
    indicator      nvarchar(64)    NOT NULL,
    org_unit       nvarchar(32)    NOT NULL,
    period         varchar(16)     NOT NULL,
    kind           varchar(16)     NOT NULL,
    year           smallint        NOT NULL,
    first_month    tinyint         NOT NULL,
    last_month     tinyint         NOT NULL,
    value          decimal(19,4)   NOT NULL,
    comparison     varchar(8)      NOT NULL,
    source         nvarchar(500)   NULL,
    revision       int             NOT NULL,
    written_at     datetimeoffset(7) NOT NULL,
    submission_id  varchar(36)     NOT NULL,
    CONSTRAINT pk_targets PRIMARY KEY (indicator, org_unit, period, kind)
);
CREATE INDEX ix_targets_indicator_year ON dbo.targets (indicator, year, org_unit);

CREATE TABLE dbo.target_revisions (
    indicator        nvarchar(64)    NOT NULL,
    org_unit         nvarchar(32)    NOT NULL,
    period           varchar(16)     NOT NULL,
    kind             varchar(16)     NOT NULL,
    revision         int             NOT NULL,
    value            decimal(19,4)   NOT NULL,
    comparison       varchar(8)      NOT NULL,
    source           nvarchar(500)   NULL,
    written_by_key   nvarchar(100)   NOT NULL,
    written_by_unit  nvarchar(32)    NOT NULL,
    written_at       datetimeoffset(7) NOT NULL,
    submission_id    varchar(36)     NOT NULL,
    CONSTRAINT pk_target_revisions PRIMARY KEY (indicator, org_unit, period, kind, revision)
);

CREATE TABLE dbo.idempotency_records (
    api_key_id       varchar(32)     NOT NULL,
    idempotency_key  nvarchar(255)   NOT NULL,
    request_hash     varchar(64)     NOT NULL,
    status_code      int             NULL,
    response_body    nvarchar(max)   NULL,
    location         nvarchar(400)   NULL,
    created_at       datetimeoffset(7) NOT NULL,
    completed_at     datetimeoffset(7) NULL,
    expires_at       datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_records_expires ON dbo.idempotency_records (expires_at);

CREATE TABLE dbo.period_locks (
    period       varchar(16)    NOT NULL,
    org_unit     nvarchar(32)   NOT NULL,
    year         smallint       NOT NULL,
    first_month  tinyint        NOT NULL,
    last_month   tinyint        NOT NULL,
    locked_at    datetimeoffset(7) NOT NULL,
    locked_by    nvarchar(100)  NOT NULL,
    CONSTRAINT pk_period_locks PRIMARY KEY (period, org_unit)
);

CREATE TABLE dbo.data_version (
    id       int     NOT NULL CONSTRAINT pk_data_version PRIMARY KEY CONSTRAINT ck_data_version_single CHECK (id = 1),
    version  bigint  NOT NULL
);
INSERT INTO dbo.data_version (id, version) VALUES (1, 0);
