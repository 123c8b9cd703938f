-- What lets anyone check a certificate without trusting the portal.
-- signing_keys: the portal's Ed25519 keys (did:web), shared by every
--   instance; a rotated key is retired, never deleted, so older
--   credentials still verify. Backups carry them with the database.
-- dossiers: the assessment as it stood at the decision, as RFC 8785
--   canonical JSON, and its SHA-256; never updated.
-- certificate_credentials: each certificate's signed Open Badges
--   credential and its random places in the revocation and suspension
--   status lists (list number n: "revocation-n", "suspension-n").
-- status_lists: each list's signed BitstringStatusListCredential,
--   rewritten in the transaction that changes a certificate's status;
--   next_change_at is when a timed suspension in it ends.

-- +goose Up
CREATE TABLE signing_keys (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    public_key  BYTEA NOT NULL,
    private_key BYTEA NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP
);

CREATE TABLE dossiers (
    assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL,
    body          BYTEA NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE certificate_credentials (
    certificate_id   TEXT PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    list_number      INTEGER NOT NULL,
    revocation_index INTEGER NOT NULL,
    suspension_index INTEGER NOT NULL,
    document         TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX certificate_credentials_revocation ON certificate_credentials (list_number, revocation_index);
CREATE UNIQUE INDEX certificate_credentials_suspension ON certificate_credentials (list_number, suspension_index);

CREATE TABLE status_lists (
    id             TEXT PRIMARY KEY,
    list_number    INTEGER NOT NULL,
    purpose        TEXT NOT NULL,
    document       TEXT NOT NULL,
    next_change_at TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE status_lists;
DROP TABLE certificate_credentials;
DROP TABLE dossiers;
DROP TABLE signing_keys;
