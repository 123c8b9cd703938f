-- The rendered PDF of each issued certificate, kept so that every download
-- is the same document and costs a read, not a rendering. Also indexes for
-- two lookups that scanned: the audit page's "object or actor" filter and
-- an assessment's conditions.

-- +goose Up
CREATE TABLE certificate_documents (
    certificate_id TEXT PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    pdf            BYTEA NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object ON audit_log (object_id);
CREATE INDEX conditions_assessment ON conditions (assessment_id, deadline);

-- +goose Down
DROP INDEX conditions_assessment;
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
DROP TABLE certificate_documents;
