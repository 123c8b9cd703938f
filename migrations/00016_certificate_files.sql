-- Issued certificate PDFs move to the file store (the disk, or an S3
-- bucket shared by every instance). A row names its file by storage key
-- and records its size and SHA-256, checked on every download; a row
-- written before this keeps its PDF inline (pdf) until `portal storage
-- migrate` moves it, and an empty pdf means the file store holds it.

-- +goose Up
ALTER TABLE certificate_documents ADD COLUMN storage_key TEXT NOT NULL DEFAULT '';
ALTER TABLE certificate_documents ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE certificate_documents ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
CREATE INDEX certificate_documents_storage_key ON certificate_documents (storage_key);

-- +goose Down
DROP INDEX certificate_documents_storage_key;
ALTER TABLE certificate_documents DROP COLUMN sha256;
ALTER TABLE certificate_documents DROP COLUMN size;
ALTER TABLE certificate_documents DROP COLUMN storage_key;
