package models

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The queries in this file run on every API call or autosave. They are
// written in SQL and scanned by hand rather than built by GORM: GORM's
// statement building and reflection were most of an autosave's CPU (see the
// load tool). Placeholders are $1, $2 ... in order, which both SQLite and
// PostgreSQL read positionally.

// exec runs one statement on db's connection, or its transaction's.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.Statement.ConnPool.ExecContext(ctx, query, args...)
}

// queryRow runs one query on db's connection, or its transaction's.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.Statement.ConnPool.QueryRowContext(ctx, query, args...)
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = `users.id, users.email, users.name, users.search_key, users.role, users.hotline_id,
 users.country, users.language, users.languages, users.expertise, users.password_hash, users.disabled,
 users.session_epoch, users.version, users.last_login_at, users.created_at, users.updated_at`

func scanUser(row *sql.Row) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.SearchKey, &u.Role, &u.HotlineID,
		&u.Country, &u.Language, &u.Languages, &u.Expertise, &u.PasswordHash, &u.Disabled,
		&u.SessionEpoch, &u.Version, &u.LastLoginAt, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// The hot queries' SQL, kept apart so that a test can check their plans.
const (
	userByIDSQL = `SELECT ` + userColumns + ` FROM users WHERE users.id = $1`

	userByTokenSQL = `SELECT ` + userColumns + ` FROM users
 JOIN api_tokens ON api_tokens.user_id = users.id
 WHERE api_tokens.token_hash = $1 AND api_tokens.expires_at > $2 AND users.disabled = $3`

	lockAnswerSQL = `SELECT a.id, a.assessment_id, a.criterion, a.level, a.narrative, a.carried_over, a.reopened,
 a.version, a.updated_by, a.updated_at, s.status
 FROM answers a JOIN assessments s ON s.id = a.assessment_id
 WHERE a.assessment_id = $1 AND a.criterion = $2 AND s.hotline_id = $3`

	saveAnswerSQL = `UPDATE answers SET level = $1, narrative = $2, carried_over = $3, version = $4,
 updated_by = $5, updated_at = $6 WHERE id = $7 AND version = $8`
)

// UserByID loads one user (disabled or not), or ErrNotFound.
func UserByID(ctx context.Context, db *DB, id string) (*User, error) {
	return scanUser(db.queryRow(ctx, userByIDSQL, id))
}

// UserByTokenHash loads the enabled user of an API token unexpired at now,
// or ErrNotFound.
func UserByTokenHash(ctx context.Context, db *DB, hash string, now time.Time) (*User, error) {
	return scanUser(db.queryRow(ctx, userByTokenSQL, hash, now, false))
}

// LockAnswerForSave reads one answer and its assessment's status inside a
// write transaction, scoped to a hotline: another hotline's assessment, or
// an unknown criterion, is ErrNotFound. On PostgreSQL the answer is locked
// for update and the assessment shared, so saves of different answers run
// side by side while a status change waits for them (SQLite's BEGIN
// IMMEDIATE already admits one writer).
func LockAnswerForSave(ctx context.Context, tx *DB, assessmentID, criterion, hotlineID string) (*Answer, Status, error) {
	query := lockAnswerSQL
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE OF a FOR SHARE OF s`
	}
	var (
		a      Answer
		status Status
	)
	err := tx.queryRow(ctx, query, assessmentID, criterion, hotlineID).Scan(&a.ID, &a.AssessmentID, &a.Criterion,
		&a.Level, &a.Narrative, &a.CarriedOver, &a.Reopened, &a.Version, &a.UpdatedBy, &a.UpdatedAt, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	return &a, status, nil
}

// SaveAnswerText writes a manager's level and narrative over version
// from, making it version from+1 and no longer carried over. It reports
// false when the answer is no longer at version from.
func SaveAnswerText(ctx context.Context, tx *DB, id string, from int, level *string, narrative, userID string, at time.Time) (bool, error) {
	res, err := tx.exec(ctx, saveAnswerSQL, level, narrative, false, from+1, userID, at, id, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
