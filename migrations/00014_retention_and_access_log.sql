-- Retention and the evidence access log.
-- evidence.purged_at: the file was removed by the retention job; its
--   name, size and hash stay.
-- evidence_access: each download of an evidence file, for the hotline's
--   manager to see by role and pseudonym (never by name). No foreign key
--   to evidence: the log outlives a removed file, so it keeps the name.

-- +goose Up
ALTER TABLE evidence ADD COLUMN purged_at TIMESTAMP;

CREATE TABLE evidence_access (
    id            TEXT PRIMARY KEY,
    evidence_id   TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    hotline_id    TEXT NOT NULL,
    filename      TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL,
    at            TIMESTAMP NOT NULL
);
CREATE INDEX evidence_access_hotline ON evidence_access (hotline_id, at);

-- +goose Down
DROP TABLE evidence_access;
ALTER TABLE evidence DROP COLUMN purged_at;
