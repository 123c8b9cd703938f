-- External review: reviewer profiles, conflicts of interest, assignments,
-- scores, final reviews, the message thread per criterion, notifications.

-- +goose Up
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN expertise TEXT NOT NULL DEFAULT '';

CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    reviewer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hotline_id  TEXT NOT NULL REFERENCES hotlines (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX conflicts_pair ON conflicts (reviewer_id, hotline_id);

CREATE TABLE assignments (
    id              TEXT PRIMARY KEY,
    assessment_id   TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    reviewer_id     TEXT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    override_reason TEXT NOT NULL DEFAULT '',
    decline_reason  TEXT NOT NULL DEFAULT '',
    assigned_by     TEXT NOT NULL DEFAULT '',
    assigned_at     TIMESTAMP NOT NULL,
    responded_at    TIMESTAMP
);
CREATE UNIQUE INDEX assignments_pair ON assignments (assessment_id, reviewer_id);
CREATE INDEX assignments_reviewer ON assignments (reviewer_id, status);

CREATE TABLE scores (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    reviewer_id   TEXT NOT NULL REFERENCES users (id),
    criterion     TEXT NOT NULL,
    score         INTEGER CHECK (score IS NULL OR (score >= 0 AND score <= 4)),
    comment       TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX scores_unique ON scores (assessment_id, reviewer_id, criterion);

CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    reviewer_id    TEXT NOT NULL REFERENCES users (id),
    recommendation TEXT NOT NULL CHECK (recommendation IN ('accredit', 'accredit_with_conditions', 'not_accredit')),
    summary        TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reviews_unique ON reviews (assessment_id, reviewer_id);

CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL DEFAULT '',
    round         INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('clarification', 'reconcile', 'note')),
    author_id     TEXT NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX messages_thread ON messages (assessment_id, criterion, created_at);

CREATE TABLE notifications (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    assessment_id TEXT NOT NULL DEFAULT '',
    hotline       TEXT NOT NULL DEFAULT '',
    read_at       TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- +goose Down
DROP TABLE notifications;
DROP TABLE messages;
DROP TABLE reviews;
DROP TABLE scores;
DROP TABLE assignments;
DROP TABLE conflicts;
ALTER TABLE users DROP COLUMN expertise;
ALTER TABLE users DROP COLUMN languages;
