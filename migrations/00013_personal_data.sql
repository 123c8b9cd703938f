-- Personal data: erased accounts and people's requests.
-- users.erased_at: the account was erased; its personal fields now hold
--   a pseudonym ("Reviewer 7").
-- data_requests: a user's request for erasure or correction, and how the
--   secretariat answered it.

-- +goose Up
ALTER TABLE users ADD COLUMN erased_at TIMESTAMP;

CREATE TABLE data_requests (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('erasure', 'correction')),
    details    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'refused')),
    response   TEXT NOT NULL DEFAULT '',
    handled_by TEXT NOT NULL DEFAULT '',
    handled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX data_requests_status ON data_requests (status, created_at);
CREATE INDEX data_requests_user ON data_requests (user_id);
-- At most one open request of each kind per person.
CREATE UNIQUE INDEX data_requests_one_open ON data_requests (user_id, kind) WHERE status = 'open';

-- +goose Down
DROP TABLE data_requests;
ALTER TABLE users DROP COLUMN erased_at;
