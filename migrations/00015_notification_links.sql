-- A notification that belongs to no assessment, or to a page other than
-- the assessment's (an appeal, a data request), carries the path it
-- leads to; empty means the assessment's page.

-- +goose Up
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE notifications DROP COLUMN link;
