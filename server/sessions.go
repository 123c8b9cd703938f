package server

import (
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"hotlineportal/models"
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
	sm.Codec = models.NewSessionCodec()
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

// sessionStoreFailed answers when the session store (the database) cannot
// be read: 503 with Retry-After, in the visitor's language, as the API's
// JSON error for an API call (the questionnaire's autosave) and as a short
// page otherwise, rather than a bare error.
func (s *Server) sessionStoreFailed(w http.ResponseWriter, r *http.Request, err error) {
	reason, _ := storageFailure(err)
	s.log.Error("session store", "uri", r.URL.Path, "storage", reason, "err", err)
	loc := s.msgs.Localizer(s.msgs.Match(r.Header.Get("Accept-Language")))
	w.Header().Set("Retry-After", strconv.Itoa(storageRetryAfter))
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(map[string]apiError{"error": {Code: "unavailable", Message: loc.T("error.page.unavailable")}})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	page := "<!doctype html><html lang=\"" + loc.Lang + "\"><head><meta charset=\"utf-8\"><title>" +
		html.EscapeString(loc.T("error.title.503")) + "</title><link rel=\"stylesheet\" href=\"/static/css/portal.css\"></head><body><main id=\"main\"><div class=\"wrap narrow\"><h1>" +
		html.EscapeString(loc.T("error.title.503")) + "</h1><p>" + html.EscapeString(loc.T("error.page.unavailable")) + "</p></div></main></body></html>"
	_, _ = w.Write([]byte(page))
}
