package models

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm/clause"
)

// sessionRow is one server-side session as scs stores it; the data is
// base64 text so that the same column type works on both databases.
type sessionRow struct {
	Token  string `gorm:"primaryKey"`
	Data   string
	Expiry time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// SessionStore keeps scs sessions in the portal database, so that several
// portal instances behind a load balancer share them.
type SessionStore struct {
	db *DB
}

// NewSessionStore returns a store on db.
func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

// Find returns the data of an unexpired session.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	data, _, found, err := s.FindWithExpiry(context.Background(), token)
	return data, found, err
}

// FindWithExpiry returns the data of an unexpired session and when it
// expires as stored, so that a caller can tell whether writing it back
// would change anything.
func (s *SessionStore) FindWithExpiry(ctx context.Context, token string) ([]byte, time.Time, bool, error) {
	c := s.db.auth
	key := sessionKey(token)
	gen, usable := c.begin()
	if usable {
		if e, ok := c.sessions.Get(key); ok && c.fresh(e.gen, e.cachedAt) && e.expiry.After(time.Now()) {
			return e.data, e.expiry, true, nil
		}
	}
	data, expiry, found, err := s.findWithExpiry(ctx, token)
	if found && usable && c.storable(gen) {
		c.sessions.Add(key, cachedSession{data: data, expiry: expiry, gen: gen, cachedAt: time.Now()})
	}
	return data, expiry, found, err
}

func (s *SessionStore) findWithExpiry(ctx context.Context, token string) ([]byte, time.Time, bool, error) {
	// Plain SQL, as the hot queries: every signed-in page and browser
	// autosave reads its session. Expiries are on the wall clock, as scs
	// sets them (time.Now), not on the domain's clock.
	var row sessionRow
	err := s.db.queryRow(ctx, `SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > $2`, token, time.Now().UTC()).
		Scan(&row.Data, &row.Expiry)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, err
	}
	data, err := base64.StdEncoding.DecodeString(row.Data)
	if err != nil {
		return nil, time.Time{}, false, nil
	}
	return data, row.Expiry, true, nil
}

// Commit inserts or replaces a session. On SQLite this write queues with
// the others (see WriteTx) rather than racing them for the lock.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx is Commit within a request's context.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	row := sessionRow{Token: token, Data: base64.StdEncoding.EncodeToString(b), Expiry: expiry.UTC()}
	return s.db.WriteTx(ctx, func(tx *DB) error {
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "token"}},
			DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
		}).Create(&row).Error
	})
}

// Delete removes a session.
func (s *SessionStore) Delete(token string) error {
	return s.db.WriteTx(context.Background(), func(tx *DB) error {
		return tx.Where("token = ?", token).Delete(&sessionRow{}).Error
	})
}

// DeleteExpired removes sessions past their expiry; the maintenance loop
// calls it.
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WriteTx(ctx, func(tx *DB) error {
		// The wall clock, as for every session expiry (see FindWithExpiry).
		res := tx.Where("expiry <= ?", time.Now().UTC()).Delete(&sessionRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}

// RunCleanup deletes expired sessions every interval until ctx ends.
func (s *SessionStore) RunCleanup(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				log.Warn("delete expired sessions", "err", err)
			}
		}
	}
}
