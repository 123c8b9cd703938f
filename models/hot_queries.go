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
 users.session_epoch, users.version, users.last_login_at, users.created_at, users.updated_at,
 users.totp_secret, users.totp_enabled_at, users.totp_last_step`

func scanUser(row *sql.Row) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.SearchKey, &u.Role, &u.HotlineID,
		&u.Country, &u.Language, &u.Languages, &u.Expertise, &u.PasswordHash, &u.Disabled,
		&u.SessionEpoch, &u.Version, &u.LastLoginAt, &u.CreatedAt, &u.UpdatedAt,
		&u.TOTPSecret, &u.TOTPEnabledAt, &u.TOTPLastStep)
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

	userByEmailSQL = `SELECT ` + userColumns + ` FROM users WHERE users.email = $1`

	userByTokenSQL = `SELECT ` + userColumns + ` FROM users
 JOIN api_tokens ON api_tokens.user_id = users.id
 WHERE api_tokens.token_hash = $1 AND api_tokens.expires_at > $2 AND users.disabled = $3`

	readAnswerSQL = `SELECT a.id, a.assessment_id, a.criterion, a.level, a.narrative, a.language, a.carried_over, a.reopened,
 a.version, a.updated_by, a.updated_at, s.status
 FROM answers a JOIN assessments s ON s.id = a.assessment_id
 WHERE a.assessment_id = $1 AND a.criterion = $2 AND s.hotline_id = $3`

	// saveAnswerUpdate writes an answer if it is still as read; the
	// PostgreSQL statement below ends it with the assessment's status
	// check. The narrative's language is $21, after the audit entry's
	// values ($11 to $20).
	saveAnswerUpdate = `UPDATE answers SET level = $1, narrative = $2, language = $21, carried_over = FALSE, version = $3,
 updated_by = $4, updated_at = $5
 WHERE id = $6 AND version = $7 AND reopened = $8
 AND (SELECT status FROM assessments WHERE id = $9`

	// saveAnswerSQL writes an answer if it and its assessment are still
	// as read, on SQLite. Its parameters are numbered in the order they
	// appear: SQLite numbers "$name" parameters by first appearance.
	saveAnswerSQL = `UPDATE answers SET level = $1, narrative = $2, language = $3, carried_over = FALSE, version = $4,
 updated_by = $5, updated_at = $6
 WHERE id = $7 AND version = $8 AND reopened = $9
 AND (SELECT status FROM assessments WHERE id = $10) = $11`

	// auditSaved ends a save statement whose CTE "saved" returns the
	// answer written: the audit entry ($11 to $20), only if it was.
	auditSaved = `
 INSERT INTO audit_log (` + auditColumns + `)
 SELECT $11::text, $12::timestamp, $13::text, $14::text, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text
 FROM saved`

	// saveAnswerAtVersionSQL writes an answer of a hotline's assessment
	// over the version the client read, if that is still the latest and
	// the answer is open (a draft, or sent back with this answer
	// reopened), and its audit entry, in one PostgreSQL statement, the
	// assessment share-locked while it runs.
	saveAnswerAtVersionSQL = `WITH saved AS (UPDATE answers a SET level = $1, narrative = $2, language = $21, carried_over = FALSE,
 version = a.version + 1, updated_by = $3, updated_at = $4
 WHERE a.assessment_id = $5 AND a.criterion = $6 AND a.version = $7
 AND (SELECT s.status = $9 OR (s.status = $10 AND a.reopened) FROM assessments s
 WHERE s.id = a.assessment_id AND s.hotline_id = $8 FOR SHARE)
 RETURNING a.id)` + auditSaved

	// saveAnswerAuditedSQL is saveAnswerSQL and the audit entry in one
	// PostgreSQL statement, the assessment share-locked while it runs.
	saveAnswerAuditedSQL = `WITH saved AS (` + saveAnswerUpdate + ` FOR SHARE) = $10 RETURNING id)` + auditSaved
)

// UserByID loads one user (disabled or not), or ErrNotFound.
func UserByID(ctx context.Context, db *DB, id string) (*User, error) {
	return scanUser(db.queryRow(ctx, userByIDSQL, id))
}

// UserByEmail loads one user by the (normalised) email address, or
// ErrNotFound.
func UserByEmail(ctx context.Context, db *DB, email string) (*User, error) {
	return scanUser(db.queryRow(ctx, userByEmailSQL, email))
}

// UserByTokenHash loads the enabled user of an API token unexpired at now,
// or ErrNotFound.
func UserByTokenHash(ctx context.Context, db *DB, hash string, now time.Time) (*User, error) {
	return scanUser(db.queryRow(ctx, userByTokenSQL, hash, now, false))
}

// ReadAnswerForSave reads one answer and its assessment's status, scoped
// to a hotline: another hotline's assessment, or an unknown criterion, is
// ErrNotFound. Nothing is locked: SaveAnswerIfUnchanged writes only if
// what was read still holds.
func ReadAnswerForSave(ctx context.Context, db *DB, assessmentID, criterion, hotlineID string) (*Answer, Status, error) {
	var (
		a      Answer
		status Status
	)
	err := db.queryRow(ctx, readAnswerSQL, assessmentID, criterion, hotlineID).Scan(&a.ID, &a.AssessmentID, &a.Criterion,
		&a.Level, &a.Narrative, &a.Language, &a.CarriedOver, &a.Reopened, &a.Version, &a.UpdatedBy, &a.UpdatedAt, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	return &a, status, nil
}

// AnswerSave is a manager's new level and narrative for an answer read
// earlier (Seen, with its assessment's status then), and the audit entry
// that records it.
type AnswerSave struct {
	Seen       *Answer
	SeenStatus Status
	Level      *string
	Narrative  string
	Language   string
	UserID     string
	At         time.Time
	Audit      *AuditEntry
}

// AnswerWrite is a manager's save of an answer of their hotline's
// assessment over the version they read, with its audit entry.
type AnswerWrite struct {
	AssessmentID, Criterion, HotlineID string
	Version                            int
	Level                              *string
	Narrative                          string
	Language                           string
	UserID                             string
	At                                 time.Time
	Audit                              *AuditEntry
	// Open and Reopenable are the statuses in which an answer may be
	// saved: any answer in Open, a reopened one in Reopenable.
	Open, Reopenable Status
}

// SaveAnswerAtVersion writes the answer as version w.Version+1 with its
// audit entry if, at that moment, the assessment is w.HotlineID's, the
// answer's version is w.Version and it is open; it reports false,
// changing nothing, otherwise, and the caller reads why. On PostgreSQL
// this is the whole save in one round trip. On SQLite, where a read costs
// no round trip and writes go through the shared writer, it reports false
// without writing, and the caller reads then writes.
func SaveAnswerAtVersion(ctx context.Context, db *DB, w AnswerWrite) (bool, error) {
	if db.Dialect != Postgres {
		return false, nil
	}
	args := append([]any{w.Level, w.Narrative, w.UserID, w.At, w.AssessmentID, w.Criterion, w.Version, w.HotlineID,
		w.Open, w.Reopenable}, w.Audit.values()...)
	res, err := db.exec(ctx, saveAnswerAtVersionSQL, append(args, w.Language)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SaveAnswerIfUnchanged writes the answer as version Seen.Version+1, no
// longer carried over, and its audit entry, if the answer's version and
// reopened flag and the assessment's status are still those read; it
// reports false, changing nothing, otherwise. On PostgreSQL it is one
// statement (the check, the update and the audit entry in one round
// trip, the assessment row share-locked against a concurrent status
// change); on SQLite one write transaction.
func SaveAnswerIfUnchanged(ctx context.Context, db *DB, s AnswerSave) (bool, error) {
	args := []any{s.Level, s.Narrative, s.Seen.Version + 1, s.UserID, s.At, s.Seen.ID, s.Seen.Version, s.Seen.Reopened,
		s.Seen.AssessmentID, s.SeenStatus}
	if db.Dialect == Postgres {
		res, err := db.exec(ctx, saveAnswerAuditedSQL, append(append(args, s.Audit.values()...), s.Language)...)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	saved := false
	err := db.WriteTx(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, saveAnswerSQL, s.Level, s.Narrative, s.Language, s.Seen.Version+1, s.UserID, s.At,
			s.Seen.ID, s.Seen.Version, s.Seen.Reopened, s.Seen.AssessmentID, s.SeenStatus)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n != 1 {
			return err
		}
		saved = true
		return InsertAudit(ctx, tx, s.Audit)
	})
	return saved, err
}
