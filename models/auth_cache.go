package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// authChannel is the PostgreSQL notification channel on which the
// database announces every change to an account, an API token or a
// session (see migration 17's triggers).
const authChannel = "portal_auth"

// Bounds of the authentication cache: how many entries of each kind it
// keeps (a burst of sign-ins evicts the oldest, memory stays flat), and how
// long an entry is trusted at most, should a notification ever be lost
// without the listener noticing.
const (
	authCacheSize = 10000
	authCacheTTL  = 30 * time.Second
)

// authCache spares PostgreSQL the two or three round trips every request
// spent finding who is calling (session, token, account) before doing
// its work: with several instances on one database they were most of an
// autosave's cost. It holds what the database said, and forgets it:
//
//   - at once for this instance's own writes: any GORM write, and the end
//     of any write transaction, empties it;
//   - within milliseconds for other instances' writes: triggers on users,
//     api_tokens and sessions notify authChannel with the changed key, and
//     a listener connection evicts it;
//   - entirely while the listener is not connected: lookups then go to
//     the database, and the cache starts empty when it reconnects.
//
// A lookup that raced with an invalidation is not stored (see gen). On
// SQLite there is one process and no cache: its reads are local.
type authCache struct {
	users    *lru.Cache[string, cachedUser]
	tokens   *lru.Cache[string, cachedToken]
	sessions *lru.Cache[string, cachedSession]
	// gen counts invalidations; flushed is gen at the last one that
	// emptied everything. An entry keeps the gen its lookup started at:
	// it is stored only if no invalidation came meanwhile, and is valid
	// only if it started after the last flush.
	gen, flushed atomic.Uint64
	live         atomic.Bool
	stop         context.CancelFunc
	done         sync.WaitGroup
}

type cachedUser struct {
	user     User
	gen      uint64
	cachedAt time.Time
}

type cachedToken struct {
	userID    string
	expiresAt time.Time
	gen       uint64
	cachedAt  time.Time
}

type cachedSession struct {
	data     []byte
	expiry   time.Time
	gen      uint64
	cachedAt time.Time
}

// startAuthCache opens the listener connection and returns the cache; it
// serves lookups only once the listener is in place.
func startAuthCache(url string, log *slog.Logger) *authCache {
	users, _ := lru.New[string, cachedUser](authCacheSize)
	tokens, _ := lru.New[string, cachedToken](authCacheSize)
	sessions, _ := lru.New[string, cachedSession](authCacheSize)
	c := &authCache{users: users, tokens: tokens, sessions: sessions}
	ctx, cancel := context.WithCancel(context.Background())
	c.stop = cancel
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		c.listen(ctx, url, log)
	}()
	return c
}

// close stops the listener.
func (c *authCache) close() {
	if c == nil {
		return
	}
	c.stop()
	c.done.Wait()
}

// listen keeps one connection listening on authChannel, reconnecting with
// a growing pause (up to 5 s) whenever it is lost.
func (c *authCache) listen(ctx context.Context, url string, log *slog.Logger) {
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := c.listenOnce(ctx, url)
		c.live.Store(false)
		c.flush()
		if ctx.Err() != nil {
			return
		}
		if log != nil {
			log.Warn("authentication cache listener lost; reading from the database meanwhile", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

func (c *authCache) listenOnce(ctx context.Context, url string) error {
	connectCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := pgx.Connect(connectCtx, url)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+authChannel); err != nil {
		return err
	}
	c.flush()
	c.live.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		c.evict(n.Payload)
	}
}

// evict forgets the entry a notification names ("user:<id>",
// "token:<hash>", "session:<sha256 of the token>"), or everything.
func (c *authCache) evict(payload string) {
	kind, key, _ := strings.Cut(payload, ":")
	c.gen.Add(1)
	switch kind {
	case "user":
		c.users.Remove(key)
	case "token":
		c.tokens.Remove(key)
	case "session":
		c.sessions.Remove(key)
	default:
		c.flush()
	}
}

// flush makes every entry stale, and every lookup in flight unstorable.
func (c *authCache) flush() {
	if c != nil {
		c.flushed.Store(c.gen.Add(1))
	}
}

// begin starts a lookup: whether the cache may be used at all, and the
// generation to store its result with.
func (c *authCache) begin() (uint64, bool) {
	if c == nil || !c.live.Load() {
		return 0, false
	}
	return c.gen.Load(), true
}

// fresh tells whether an entry stored at gen and cachedAt may be served.
func (c *authCache) fresh(gen uint64, cachedAt time.Time) bool {
	return c.live.Load() && gen >= c.flushed.Load() && time.Since(cachedAt) < authCacheTTL
}

// storable tells whether a lookup begun at gen may keep its result.
func (c *authCache) storable(gen uint64) bool {
	return c.live.Load() && c.gen.Load() == gen
}

// sessionKey is how sessions are named in the cache and in notifications:
// by a hash, so that no session token travels through the database's
// notification channel.
func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// flushAuthCacheOnWrite empties the cache after each GORM statement that
// writes on this instance, so that its own changes count at once (the
// notification then confirms it). Hot statements run outside GORM touch no
// account, token or session.
func flushAuthCacheOnWrite(gdb *gorm.DB, c *authCache) error {
	flush := func(*gorm.DB) { c.flush() }
	cb := gdb.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("portal:auth_flush_create", flush),
		cb.Update().After("gorm:update").Register("portal:auth_flush_update", flush),
		cb.Delete().After("gorm:delete").Register("portal:auth_flush_delete", flush),
		cb.Raw().After("gorm:raw").Register("portal:auth_flush_raw", flush),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// CachedUserByID is UserByID for finding who calls: from the
// authentication cache when it may be trusted. Only for the root database,
// never inside a transaction, which must read its own writes.
func CachedUserByID(ctx context.Context, db *DB, id string) (*User, error) {
	c := db.auth
	if e, ok := c.lookupUser(id); ok {
		return &e, nil
	}
	gen, usable := c.begin()
	u, err := UserByID(ctx, db, id)
	if err == nil && usable && c.storable(gen) {
		c.users.Add(id, cachedUser{user: *u, gen: gen, cachedAt: time.Now()})
	}
	return u, err
}

func (c *authCache) lookupUser(id string) (User, bool) {
	if c == nil {
		return User{}, false
	}
	e, ok := c.users.Get(id)
	if !ok || !c.fresh(e.gen, e.cachedAt) {
		return User{}, false
	}
	return e.user, true
}

// CachedUserByTokenHash is UserByTokenHash through the authentication
// cache: the token's account and expiry, then the account.
func CachedUserByTokenHash(ctx context.Context, db *DB, hash string, now time.Time) (*User, error) {
	c := db.auth
	gen, usable := c.begin()
	if !usable {
		return UserByTokenHash(ctx, db, hash, now)
	}
	t, ok := c.tokens.Get(hash)
	if !ok || !c.fresh(t.gen, t.cachedAt) {
		var err error
		if t, err = tokenOwner(ctx, db, hash); err != nil {
			return nil, err
		}
		if c.storable(gen) {
			t.gen, t.cachedAt = gen, time.Now()
			c.tokens.Add(hash, t)
		}
	}
	if !t.expiresAt.After(now) {
		return nil, ErrNotFound
	}
	u, err := CachedUserByID(ctx, db, t.userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, ErrNotFound
	}
	return u, nil
}

func tokenOwner(ctx context.Context, db *DB, hash string) (cachedToken, error) {
	var t cachedToken
	err := db.queryRow(ctx, `SELECT user_id, expires_at FROM api_tokens WHERE token_hash = $1`, hash).Scan(&t.userID, &t.expiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// AuthCacheLive tells whether the authentication cache is in use: on
// PostgreSQL, with its listener connected. Tests and /metrics read it.
func (db *DB) AuthCacheLive() bool { return db.auth != nil && db.auth.live.Load() }
