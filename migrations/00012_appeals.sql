-- Appeals against a decision, heard by an independent panel.
-- appeals: one per lodging; at most one open (lodged, or panel formed)
--   per assessment. previous_outcome is the decision appealed against;
--   new_outcome the one that replaced it when the appeal was overturned.
-- appeal_members: the panel; each member's answer (view and rationale),
--   or that they declined or declared a conflict.
-- appeal_events: the timeline the manager and the panel see; actors by
--   role only.
-- appeal_files: evidence attached to an appeal (stored like answers'
--   evidence; purged_at once retention removed the file, name and hash
--   kept).
-- An overturned appeal gives an assessment a second certificate and a
-- second frozen dossier: certificates_assessment is no longer unique, and
-- dossiers get their own id, a number per assessment (the newest is the
-- current one) and the certificate they were frozen with. SQLite cannot
-- change a primary key, so dossiers is rebuilt and copied.

-- +goose Up
CREATE TABLE appeals (
    id               TEXT PRIMARY KEY,
    assessment_id    TEXT NOT NULL REFERENCES assessments (id),
    hotline_id       TEXT NOT NULL REFERENCES hotlines (id),
    decision_id      TEXT NOT NULL REFERENCES decisions (id),
    status           TEXT NOT NULL CHECK (status IN ('lodged', 'panel', 'withdrawn', 'upheld', 'overturned')),
    grounds          TEXT NOT NULL,
    lodged_by        TEXT NOT NULL,
    decided_by       TEXT NOT NULL DEFAULT '',
    lodged_at        TIMESTAMP NOT NULL,
    views_due_at     TIMESTAMP,
    closed_at        TIMESTAMP,
    closed_by        TEXT NOT NULL DEFAULT '',
    rationale        TEXT NOT NULL DEFAULT '',
    previous_outcome TEXT NOT NULL,
    new_outcome      TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX appeals_one_open ON appeals (assessment_id) WHERE status IN ('lodged', 'panel');
CREATE INDEX appeals_hotline ON appeals (hotline_id, lodged_at);
CREATE INDEX appeals_status ON appeals (status, lodged_at);

CREATE TABLE appeal_members (
    appeal_id    TEXT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    seq          INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('invited', 'answered', 'declined', 'conflict')),
    view         TEXT NOT NULL DEFAULT '' CHECK (view IN ('', 'uphold', 'overturn')),
    rationale    TEXT NOT NULL DEFAULT '',
    added_at     TIMESTAMP NOT NULL,
    responded_at TIMESTAMP,
    PRIMARY KEY (appeal_id, user_id)
);
CREATE INDEX appeal_members_user ON appeal_members (user_id, status);

CREATE TABLE appeal_events (
    id         TEXT PRIMARY KEY,
    appeal_id  TEXT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    at         TIMESTAMP NOT NULL,
    kind       TEXT NOT NULL,
    actor_role TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, at);

CREATE TABLE appeal_files (
    id           TEXT PRIMARY KEY,
    appeal_id    TEXT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    storage_key  TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    purged_at    TIMESTAMP
);
CREATE INDEX appeal_files_appeal ON appeal_files (appeal_id);

DROP INDEX certificates_assessment;
CREATE INDEX certificates_assessment ON certificates (assessment_id, issued_at);

CREATE TABLE dossiers_new (
    id             TEXT PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    certificate_id TEXT,
    sha256         TEXT NOT NULL,
    body           BYTEA NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
INSERT INTO dossiers_new (id, assessment_id, seq, certificate_id, sha256, body, created_at)
SELECT d.assessment_id, d.assessment_id, 1,
       (SELECT c.id FROM certificates c WHERE c.assessment_id = d.assessment_id),
       d.sha256, d.body, d.created_at
FROM dossiers d;
DROP TABLE dossiers;
ALTER TABLE dossiers_new RENAME TO dossiers;
CREATE UNIQUE INDEX dossiers_assessment ON dossiers (assessment_id, seq);
CREATE INDEX dossiers_certificate ON dossiers (certificate_id);

-- +goose Down
CREATE TABLE dossiers_old (
    assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL,
    body          BYTEA NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
INSERT INTO dossiers_old (assessment_id, sha256, body, created_at)
SELECT d.assessment_id, d.sha256, d.body, d.created_at FROM dossiers d
WHERE d.seq = (SELECT MAX(n.seq) FROM dossiers n WHERE n.assessment_id = d.assessment_id);
DROP TABLE dossiers;
ALTER TABLE dossiers_old RENAME TO dossiers;
DROP TABLE appeal_files;
DROP TABLE appeal_events;
DROP TABLE appeal_members;
DROP TABLE appeals;
