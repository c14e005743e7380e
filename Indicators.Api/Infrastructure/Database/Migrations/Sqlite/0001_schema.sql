-- Exact numbers on SQLite: values are TEXT holding the invariant decimal string exactly as received
-- (never REAL); SQL never does arithmetic on them, C# decimal does (SPEC "Actual values").

CREATE TABLE org_units (
    code            TEXT NOT NULL PRIMARY KEY,
    name_vi         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    parent_code     TEXT NULL REFERENCES org_units (code),
    valid_from      TEXT NULL,
    valid_to        TEXT NULL,
    successor_code  TEXT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX ix_org_units_parent ON org_units (parent_code);

CREATE TABLE indicators (
    code              TEXT NOT NULL PRIMARY KEY,
    name_vi           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    unit_vi           TEXT NOT NULL,
    unit_en           TEXT NOT NULL,
    measure           TEXT NOT NULL,
    direction         TEXT NOT NULL,
    decimals          INTEGER NOT NULL,
    min_value         TEXT NULL,
    max_value         TEXT NULL,
    category          TEXT NULL,
    responsible_unit  TEXT NULL REFERENCES org_units (code),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX ix_indicators_category ON indicators (category);

CREATE TABLE api_keys (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    key_hash    BLOB NOT NULL,
    org_unit    TEXT NOT NULL REFERENCES org_units (code),
    role        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT NULL
);

CREATE TABLE submissions (
    id           TEXT NOT NULL PRIMARY KEY,
    kind         TEXT NOT NULL,
    api_key_id   TEXT NOT NULL,
    key_name     TEXT NOT NULL,
    org_unit     TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    received     INTEGER NOT NULL,
    created      INTEGER NOT NULL,
    updated      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL
);

CREATE TABLE actual_values (
    indicator      TEXT NOT NULL,
    org_unit       TEXT NOT NULL,
    period         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    first_month    INTEGER NOT NULL,
    last_month     INTEGER NOT NULL,
    value          TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NULL,
    revision       INTEGER NOT NULL,
    written_at     TEXT NOT NULL,
    submission_id  TEXT NOT NULL,
    PRIMARY KEY (indicator, org_unit, period)
);
CREATE INDEX ix_actual_values_indicator_year ON actual_values (indicator, year, org_unit);
CREATE INDEX ix_actual_values_unit_year ON actual_values (org_unit, year);
CREATE INDEX ix_actual_values_year ON actual_values (year, first_month);

CREATE TABLE actual_revisions (
    indicator        TEXT NOT NULL,
    org_unit         TEXT NOT NULL,
    period           TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    value            TEXT NOT NULL,
    status           TEXT NOT NULL,
    note             TEXT NULL,
    written_by_key   TEXT NOT NULL,
    written_by_unit  TEXT NOT NULL,
    written_at       TEXT NOT NULL,
    submission_id    TEXT NOT NULL,
    PRIMARY KEY (indicator, org_unit, period, revision)
);
CREATE INDEX ix_actual_revisions_submission ON actual_revisions (submission_id);

CREATE TABLE targets (
    indicator      TEXT NOT NULL,
    org_unit       TEXT NOT NULL,
    period         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    year           INTEGER NOT NULL,
    first_month    INTEGER NOT NULL,
    last_month     INTEGER NOT NULL,
    value          TEXT NOT NULL,
    comparison     TEXT NOT NULL,
    source         TEXT NULL,
    revision       INTEGER NOT NULL,
    written_at     TEXT NOT NULL,
    submission_id  TEXT NOT NULL,
    PRIMARY KEY (indicator, org_unit, period, kind)
);
CREATE INDEX ix_targets_indicator_year ON targets (indicator, year, org_unit);

CREATE TABLE target_revisions (
    indicator        TEXT NOT NULL,
    org_unit         TEXT NOT NULL,
    period           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    value            TEXT NOT NULL,
    comparison       TEXT NOT NULL,
    source           TEXT NULL,
    written_by_key   TEXT NOT NULL,
    written_by_unit  TEXT NOT NULL,
    written_at       TEXT NOT NULL,
    submission_id    TEXT NOT NULL,
    PRIMARY KEY (indicator, org_unit, period, kind, revision)
);

-- Idempotency-Key records (IETF httpapi draft), per API key, so that any replica can answer a retry.
CREATE TABLE idempotency_records (
    api_key_id       TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    status_code      INTEGER NULL,
    response_body    TEXT NULL,
    location         TEXT NULL,
    created_at       TEXT NOT NULL,
    completed_at     TEXT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_records_expires ON idempotency_records (expires_at);

-- org_unit '' locks the period for every unit.
CREATE TABLE period_locks (
    period       TEXT NOT NULL,
    org_unit     TEXT NOT NULL,
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    locked_at    TEXT NOT NULL,
    locked_by    TEXT NOT NULL,
    PRIMARY KEY (period, org_unit)
);

-- Bumped by every write; read views key their ETags and caches on it, so caches stay right across replicas.
CREATE TABLE data_version (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
