-- Retention and the evidence access log.
-- evidence.purged_at: the file was removed by the retention job; its
--   name, size and hash stay, its storage key is cleared (the stored file
--   is gone, or still belongs only to a newer cycle that carried it over).
-- evidence_access: each download of an evidence file, for the hotline's
--   manager to see by role and pseudonym (never by name). No foreign key
--   to evidence: the log outlives a removed file, so it keeps the name.
--   role is the downloader's role at the time; the pseudonym ("Reviewer
--   A") is worked out when the log is read, from the assessment's
--   assignments in the order they were made. appeal_id is set for a file
--   attached to an appeal (evidence_id is then the appeal file's id).

-- +goose Up
ALTER TABLE evidence ADD COLUMN purged_at TIMESTAMP;

CREATE TABLE evidence_access (
    id            TEXT PRIMARY KEY,
    evidence_id   TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    hotline_id    TEXT NOT NULL,
    criterion     TEXT NOT NULL DEFAULT '',
    appeal_id     TEXT NOT NULL DEFAULT '',
    filename      TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL,
    at            TIMESTAMP NOT NULL
);
CREATE INDEX evidence_access_hotline ON evidence_access (hotline_id, at);
CREATE INDEX evidence_access_user ON evidence_access (user_id);

-- +goose Down
DROP TABLE evidence_access;
ALTER TABLE evidence DROP COLUMN purged_at;
