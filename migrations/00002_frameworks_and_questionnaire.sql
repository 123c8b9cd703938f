-- Criteria frameworks, assessments, answers (with a snapshot per round) and evidence.

-- +goose Up
CREATE TABLE frameworks (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL,
    version        TEXT NOT NULL,
    title          TEXT NOT NULL,
    source         TEXT NOT NULL,
    criteria_count INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at   TIMESTAMP,
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX frameworks_code_version ON frameworks (code, version);
CREATE INDEX frameworks_published ON frameworks (status, published_at);

CREATE TABLE assessments (
    id           TEXT PRIMARY KEY,
    hotline_id   TEXT NOT NULL REFERENCES hotlines (id),
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'reviewed', 'decided')),
    round        INTEGER NOT NULL DEFAULT 1,
    previous_id  TEXT REFERENCES assessments (id),
    version      INTEGER NOT NULL DEFAULT 1,
    submitted_at TIMESTAMP,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
-- One open assessment per hotline: only decided ones may coexist.
CREATE UNIQUE INDEX assessments_one_open ON assessments (hotline_id) WHERE status <> 'decided';
CREATE INDEX assessments_hotline ON assessments (hotline_id, created_at);
CREATE INDEX assessments_status ON assessments (status, updated_at);

CREATE TABLE answers (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL,
    level         TEXT CHECK (level IS NULL OR level IN ('met', 'partially_met', 'not_met', 'not_applicable')),
    narrative     TEXT NOT NULL DEFAULT '',
    carried_over  BOOLEAN NOT NULL DEFAULT FALSE,
    reopened      BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 0,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP
);
CREATE UNIQUE INDEX answers_assessment_criterion ON answers (assessment_id, criterion);

CREATE TABLE answer_rounds (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    criterion     TEXT NOT NULL,
    level         TEXT,
    narrative     TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX answer_rounds_unique ON answer_rounds (assessment_id, round, criterion);

CREATE TABLE evidence (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    filename      TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    storage_key   TEXT NOT NULL DEFAULT '',
    size          BIGINT NOT NULL DEFAULT 0,
    sha256        TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    carried_over  BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX evidence_assessment ON evidence (assessment_id, criterion);
CREATE INDEX evidence_storage_key ON evidence (storage_key);

-- +goose Down
DROP TABLE evidence;
DROP TABLE answer_rounds;
DROP TABLE answers;
DROP TABLE assessments;
DROP TABLE frameworks;
