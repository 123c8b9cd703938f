-- When the mail worker last tried each email, shown to the secretariat
-- with the emails that could not be delivered.

-- +goose Up
ALTER TABLE outbox ADD COLUMN last_attempt_at TIMESTAMP;

-- +goose Down
ALTER TABLE outbox DROP COLUMN last_attempt_at;
