-- Decisions, conditions, certificates (content fixed at issue) and the
-- once-only runs of scheduled jobs.

-- +goose Up
CREATE TABLE decisions (
    id               TEXT PRIMARY KEY,
    assessment_id    TEXT NOT NULL REFERENCES assessments (id),
    outcome          TEXT NOT NULL CHECK (outcome IN ('accredited', 'accredited_with_conditions', 'not_accredited')),
    proposed_outcome TEXT NOT NULL,
    rationale        TEXT NOT NULL,
    departure_reason TEXT NOT NULL DEFAULT '',
    decided_by       TEXT NOT NULL,
    decided_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX decisions_assessment ON decisions (assessment_id);

CREATE TABLE conditions (
    id            TEXT PRIMARY KEY,
    decision_id   TEXT NOT NULL REFERENCES decisions (id),
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    hotline_id    TEXT NOT NULL REFERENCES hotlines (id),
    text          TEXT NOT NULL,
    deadline      TIMESTAMP NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'accepted')),
    evidence_note TEXT NOT NULL DEFAULT '',
    submitted_at  TIMESTAMP,
    accepted_at   TIMESTAMP,
    accepted_by   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX conditions_hotline ON conditions (hotline_id, status);
CREATE INDEX conditions_deadline ON conditions (status, deadline);

CREATE TABLE certificates (
    id                TEXT PRIMARY KEY,
    number            TEXT NOT NULL,
    assessment_id     TEXT NOT NULL REFERENCES assessments (id),
    hotline_id        TEXT NOT NULL REFERENCES hotlines (id),
    hotline_name      TEXT NOT NULL,
    hotline_latin     TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL,
    channels          TEXT NOT NULL DEFAULT '',
    framework_code    TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    conditions        TEXT NOT NULL DEFAULT '',
    valid_from        TIMESTAMP NOT NULL,
    valid_until       TIMESTAMP NOT NULL,
    suspended_at      TIMESTAMP,
    suspended_until   TIMESTAMP,
    suspension_reason TEXT NOT NULL DEFAULT '',
    revoked_at        TIMESTAMP,
    revocation_reason TEXT NOT NULL DEFAULT '',
    reminders_sent    TEXT NOT NULL DEFAULT '',
    issued_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX certificates_number ON certificates (number);
CREATE UNIQUE INDEX certificates_assessment ON certificates (assessment_id);
CREATE INDEX certificates_hotline ON certificates (hotline_id, valid_until);
CREATE INDEX certificates_country ON certificates (country, valid_until);

CREATE TABLE job_runs (
    name    TEXT NOT NULL,
    run_key TEXT NOT NULL,
    ran_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (name, run_key)
);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE certificates;
DROP TABLE conditions;
DROP TABLE decisions;
