-- The reporting cycle (SPEC v2 "Reporting cycle"): schedules, their indicators and reporters, and the approval of
-- reports. A reporter's effective dates are its org unit's validFrom / validTo (SPEC: only reporters valid on at
-- least one day of a period are expected for it), so schedule_reporters holds codes only.

CREATE TABLE schedules (
    code        TEXT NOT NULL PRIMARY KEY,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    frequency   TEXT NOT NULL,
    cutoff      TEXT NOT NULL,
    due_days    INTEGER NOT NULL,
    valid_from  TEXT NULL,
    valid_to    TEXT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- position: the order the schedule lists them in (answers keep it).
CREATE TABLE schedule_indicators (
    schedule   TEXT NOT NULL REFERENCES schedules (code),
    indicator  TEXT NOT NULL REFERENCES indicators (code),
    position   INTEGER NOT NULL,
    PRIMARY KEY (schedule, indicator)
) WITHOUT ROWID;

CREATE TABLE schedule_reporters (
    schedule  TEXT NOT NULL REFERENCES schedules (code),
    org_unit  TEXT NOT NULL REFERENCES org_units (code),
    position  INTEGER NOT NULL,
    PRIMARY KEY (schedule, org_unit)
) WITHOUT ROWID;

-- The reports approved now: one row per (schedule, period, reporter).
CREATE TABLE approvals (
    schedule     TEXT NOT NULL,
    period       TEXT NOT NULL,
    org_unit     TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    PRIMARY KEY (schedule, period, org_unit)
) WITHOUT ROWID;

-- The value keys an approval freezes, as they were expected when it was given: what the write path's guard reads
-- (Kernel/Approvals/OfPeriods.sql), by the batch's periods, inside its writing transaction.
CREATE TABLE approval_keys (
    period     TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    org_unit   TEXT NOT NULL,
    schedule   TEXT NOT NULL,
    reporter   TEXT NOT NULL,
    PRIMARY KEY (period, indicator, org_unit, schedule)
) WITHOUT ROWID;
CREATE INDEX ix_approval_keys_report ON approval_keys (schedule, period, reporter);

-- Every approval and reopening, kept (SPEC: "Every approval and reopening is kept"); id orders entries of one instant.
CREATE TABLE approval_history (
    id        INTEGER NOT NULL PRIMARY KEY,
    schedule  TEXT NOT NULL,
    period    TEXT NOT NULL,
    org_unit  TEXT NOT NULL,
    action    TEXT NOT NULL,
    acted_at  TEXT NOT NULL,
    acted_by  TEXT NOT NULL
);
CREATE INDEX ix_approval_history_report ON approval_history (schedule, period, org_unit);
