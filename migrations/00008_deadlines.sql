-- Deadlines: when each reviewer's review is due, and an optional
-- submission deadline per assessment, both set and moved by the
-- secretariat. Assignments made before this migration get their due date
-- at start-up (assigned_at plus PORTAL_REVIEW_DAYS), as date arithmetic
-- differs between SQLite and PostgreSQL.

-- +goose Up
ALTER TABLE assignments ADD COLUMN due_at TIMESTAMP;
ALTER TABLE assessments ADD COLUMN deadline TIMESTAMP;
CREATE INDEX assignments_due ON assignments (status, due_at);

-- +goose Down
DROP INDEX assignments_due;
ALTER TABLE assessments DROP COLUMN deadline;
ALTER TABLE assignments DROP COLUMN due_at;
