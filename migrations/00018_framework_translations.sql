-- Criteria translations: each text of a framework version (unit, named as
-- in framework.Units) in one language, with its status, draft or
-- reviewed. They sit beside the framework's source, which they never
-- change: a translation is added or corrected on a published version
-- without a new version. Each answer records the language its narrative
-- is written in.

-- +goose Up
CREATE TABLE framework_translations (
    id           TEXT PRIMARY KEY,
    framework_id TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    text         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft',
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX framework_translations_unit ON framework_translations (framework_id, language, unit);
ALTER TABLE answers ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE answers DROP COLUMN language;
DROP TABLE framework_translations;
