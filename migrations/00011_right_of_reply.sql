-- The hotline's right of reply before the decision.
-- findings_shares: the secretariat shared the consolidated findings of a
--   reviewed assessment; the decision waits until reply_due_at, or until
--   a final reply closes the window (closed_at).
-- replies: the manager's replies, per criterion or overall (criterion '').

-- +goose Up
CREATE TABLE findings_shares (
    assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    shared_by     TEXT NOT NULL,
    shared_at     TIMESTAMP NOT NULL,
    reply_due_at  TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP
);

CREATE TABLE replies (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL,
    final         BOOLEAN NOT NULL DEFAULT FALSE,
    author_id     TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX replies_assessment ON replies (assessment_id, created_at);

-- +goose Down
DROP TABLE replies;
DROP TABLE findings_shares;
