package server

import (
	"context"
	"maps"
	"net/http"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"hotlineportal/models"
)

// sessionWrites is the session store as scs sees it: the database store,
// minus the writes that change nothing. With an idle timeout, scs writes
// the session back on every request only to push its expiry a little
// further; a browser autosaving every few seconds cost two writes per save.
// Here a session whose data did not change is written back only when its
// stored expiry has fallen behind by more than slack (a minute at most).
// The idle timeout stays honest: scs is given the idle time plus slack, so
// a session ends between the idle time and a minute after it, never before.
type sessionWrites struct {
	store *models.SessionStore
	codec scs.Codec
	slack time.Duration
	// written and skipped count commits, for tests and benchmarks.
	written, skipped atomic.Int64
}

// sessionSlack is how far a stored expiry may lag before it is written:
// a minute, or a tenth of a short idle time.
func sessionSlack(idle time.Duration) time.Duration {
	return min(time.Minute, idle/10)
}

// foundSession is what the store read at the start of a request, kept in
// the request's context until the commit at its end.
type foundSession struct {
	token  string
	data   []byte
	expiry time.Time
}

type foundSessionKey struct{}

// withFoundSession prepares a request to remember what its session was.
func withFoundSession(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), foundSessionKey{}, &foundSession{}))
}

// Find is the Store method scs needs; requests go through FindCtx.
func (w *sessionWrites) Find(token string) ([]byte, bool, error) {
	return w.FindCtx(context.Background(), token)
}

// Commit is the Store method scs needs; requests go through CommitCtx.
func (w *sessionWrites) Commit(token string, b []byte, expiry time.Time) error {
	return w.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session.
func (w *sessionWrites) Delete(token string) error { return w.store.Delete(token) }

// FindCtx reads a session and remembers it for the commit.
func (w *sessionWrites) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	data, expiry, found, err := w.store.FindWithExpiry(ctx, token)
	if f, ok := ctx.Value(foundSessionKey{}).(*foundSession); ok && found {
		f.token, f.data, f.expiry = token, data, expiry
	}
	return data, found, err
}

// CommitCtx writes a session unless it is what was read, give or take
// slack on its expiry.
func (w *sessionWrites) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if f, ok := ctx.Value(foundSessionKey{}).(*foundSession); ok && f.token == token &&
		expiry.Sub(f.expiry) < w.slack && w.sameData(f.data, b) {
		w.skipped.Add(1)
		return nil
	}
	w.written.Add(1)
	return w.store.CommitCtx(ctx, token, b, expiry)
}

// sameData compares two encoded sessions by their content: gob writes a
// map's entries in random order, so equal sessions need not be equal
// bytes.
func (w *sessionWrites) sameData(a, b []byte) bool {
	if string(a) == string(b) {
		return true
	}
	da, va, err1 := w.codec.Decode(a)
	db, vb, err2 := w.codec.Decode(b)
	return err1 == nil && err2 == nil && da.Equal(db) && maps.EqualFunc(va, vb, func(x, y any) bool { return reflect.DeepEqual(x, y) })
}

// SessionWrites says how many session commits were written and how many
// were skipped as unchanged, for tests and benchmarks.
func (s *Server) SessionWrites() (written, skipped int64) {
	return s.sessionStore.written.Load(), s.sessionStore.skipped.Load()
}
