-- The rendered PDF of each issued certificate, kept so that every download
-- is the same document and costs a read, not a rendering. Also an audit
-- index that serves the audit page's "object or actor" filter.

-- +goose Up
CREATE TABLE certificate_documents (
    certificate_id TEXT PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    pdf            BYTEA NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object ON audit_log (object_id);

-- +goose Down
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
DROP TABLE certificate_documents;
