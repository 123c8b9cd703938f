package models

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// authNotifyVersion is the schema version of the authentication cache's
// triggers. It is a Go migration, not a file in migrations/, because only
// PostgreSQL has them: on SQLite the version is recorded and does nothing.
const authNotifyVersion = 17

// authNotifyUp makes PostgreSQL announce every change to an account, an
// API token or a session on authChannel, with the key the cache knows it
// by, so that every instance forgets it (see authCache).
const authNotifyUp = `
CREATE OR REPLACE FUNCTION portal_auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('portal_auth', 'all');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('portal_auth', 'user:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'api_tokens' THEN
    PERFORM pg_notify('portal_auth', 'token:' || OLD.token_hash);
  ELSE
    PERFORM pg_notify('portal_auth', 'session:' || encode(sha256(convert_to(OLD.token, 'UTF8')), 'hex'));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER users_auth_notify AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION portal_auth_notify();
CREATE TRIGGER users_auth_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION portal_auth_notify();
CREATE TRIGGER api_tokens_auth_notify AFTER UPDATE OR DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION portal_auth_notify();
CREATE TRIGGER api_tokens_auth_truncate AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION portal_auth_notify();
CREATE TRIGGER sessions_auth_notify AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION portal_auth_notify();
CREATE TRIGGER sessions_auth_truncate AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION portal_auth_notify();
`

const authNotifyDown = `
DROP TRIGGER IF EXISTS users_auth_notify ON users;
DROP TRIGGER IF EXISTS users_auth_truncate ON users;
DROP TRIGGER IF EXISTS api_tokens_auth_notify ON api_tokens;
DROP TRIGGER IF EXISTS api_tokens_auth_truncate ON api_tokens;
DROP TRIGGER IF EXISTS sessions_auth_notify ON sessions;
DROP TRIGGER IF EXISTS sessions_auth_truncate ON sessions;
DROP FUNCTION IF EXISTS portal_auth_notify();
`

// authNotifyMigration is migration 17 for the given database.
func authNotifyMigration(dialect Dialect) *goose.Migration {
	run := func(query string) *goose.GoFunc {
		return &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			if dialect != Postgres {
				return nil
			}
			_, err := tx.ExecContext(ctx, query)
			return err
		}}
	}
	return goose.NewGoMigration(authNotifyVersion, run(authNotifyUp), run(authNotifyDown))
}
