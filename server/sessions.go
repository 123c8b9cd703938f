package server

import (
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
)

// Session keys.
const (
	sessUserID = "user_id"
	sessEpoch  = "epoch"
	sessFlash  = "flash"
	// The account whose password was right, and when, while the
	// sign-in waits for its two-step code.
	sessPendingUser = "pending_user"
	sessPendingAt   = "pending_at"
)

// newSessionManager sets server-side sessions with idle and absolute
// timeouts and hardened cookies. With Secure cookies the name takes the
// __Host- prefix, which pins the cookie to this host and path /.
func newSessionManager(cfg Config, store *sessionWrites) *scs.SessionManager {
	sm := scs.New()
	store.codec = sm.Codec
	sm.Store = store
	sm.IdleTimeout = cfg.SessionIdle + store.slack
	sm.Lifetime = cfg.SessionMax
	sm.Cookie.Name = cookieName(cfg, "portal_session")
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.CookieSecure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false
	return sm
}

func cookieName(cfg Config, base string) string {
	if cfg.CookieSecure {
		return "__Host-" + base
	}
	return base
}

// sessionMiddleware loads and saves the session around each request,
// except for static files, probes and bearer-token API calls, which never
// use a cookie session.
func (s *Server) sessionMiddleware() echo.MiddlewareFunc {
	wrapped := echo.WrapMiddleware(s.sessions.LoadAndSave)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withSession := wrapped(next)
		return func(c echo.Context) error {
			if noSession(c.Request()) {
				return next(c)
			}
			c.SetRequest(withFoundSession(c.Request()))
			return withSession(c)
		}
	}
}

// bearerToken returns the API token of an Authorization header, if any.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// keepAlive answers the "stay signed in" button of the timeout warning:
// any request through the session renews its idle timeout.
func (s *Server) keepAlive(c echo.Context) error {
	return c.NoContent(http.StatusNoContent)
}
