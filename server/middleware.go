package server

import (
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// contentSecurityPolicy allows only the portal's own scripts, styles and
// images: no inline script, no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries. HSTS is sent
// when the portal terminates TLS itself or its public address is https
// (behind a TLS proxy); request headers a client controls never decide it.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if c.Request().TLS != nil || s.cfg.CookieSecure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// authenticate finds who is calling: a bearer token for API clients, else
// the cookie session. A session whose account was disabled, or whose
// sessions were ended, is destroyed at once.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.URL.Path == "/metrics" {
			return next(c) // its own token, not an account's (metricsAccess)
		}
		if token := bearerToken(r); token != "" {
			u, err := s.svc.TokenUser(r.Context(), token)
			if err != nil {
				return err
			}
			c.Set(ctxUser, u)
			c.Set(ctxViaToken, true)
			return next(c)
		}
		if noSession(r) {
			return next(c)
		}
		id := s.sessions.GetString(r.Context(), sessUserID)
		if id == "" {
			return next(c)
		}
		u, err := s.svc.SessionUser(r.Context(), id, s.sessions.GetInt64(r.Context(), sessEpoch))
		if errors.Is(err, assessments.ErrUnauthenticated) {
			// The account was disabled or its sessions ended: this one
			// goes too. If it cannot be deleted now, it is still refused
			// on every request and expires on its own.
			if err := s.sessions.Destroy(r.Context()); err != nil {
				s.log.Warn("end the session of a signed-out account", "user_id", id, "err", err)
			}
			return next(c)
		}
		if err != nil {
			return err
		}
		c.Set(ctxUser, u)
		return next(c)
	}
}

// chooseLanguage picks the page language: the user's preference, else
// the language cookie set by the switcher, else Accept-Language.
func (s *Server) chooseLanguage(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var pref string
		if u := currentUser(c); u != nil {
			pref = u.Language
		}
		var cookie string
		if ck, err := c.Cookie("lang"); err == nil {
			cookie = ck.Value
		}
		lang := s.msgs.Match(pref, cookie, c.Request().Header.Get("Accept-Language"))
		c.Set(ctxLocalizer, s.msgs.Localizer(lang))
		c.Response().Header().Set("Content-Language", lang)
		return next(c)
	}
}

// requireTwoStepEnrolment keeps an account whose role must sign in in two
// steps, and has not set it up, to the set-up: its pages redirect there,
// and its API token answers 403 (totp_enrolment_required) for everything
// but /me and /me/totp.
func (s *Server) requireTwoStepEnrolment(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.svc.MustEnrolTOTP(currentUser(c)) || openDuringEnrolment(c.Request()) {
			return next(c)
		}
		if isAPI(c) {
			return assessments.ErrTOTPEnrolmentRequired
		}
		return redirect(c, "/account/two-step")
	}
}

// openDuringEnrolment lists what an account that must first set up
// two-step sign-in may still reach.
func openDuringEnrolment(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/api/v1/me" || p == "/api/v1/me/totp" || strings.HasPrefix(p, "/api/v1/me/totp/"),
		p == "/api/v1/tokens/current" && r.Method == http.MethodDelete,
		p == "/account/two-step" || strings.HasPrefix(p, "/account/two-step/"),
		p == "/logout", p == "/language", p == "/session/keepalive":
		return true
	}
	return isPublicPath(p)
}

// metricsAccess opens /metrics to the bearer of PORTAL_METRICS_TOKEN
// when one is set, otherwise only to the machine itself (loopback, after
// the trusted proxies are resolved): the figures say a lot about the
// portal's use and are nobody else's business.
func (s *Server) metricsAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.MetricsToken != "" {
			got := bearerToken(c.Request())
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) != 1 {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				return echo.ErrUnauthorized
			}
			return next(c)
		}
		if ip := net.ParseIP(c.RealIP()); ip == nil || !ip.IsLoopback() {
			return echo.ErrNotFound
		}
		return next(c)
	}
}

// noStore keeps signed-in and credential pages out of every cache.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			c.Response().Header().Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// csrf protects every state-changing request made with the session
// cookie. Bearer-token API calls carry no cookie and need no token.
// Echo accepts Sec-Fetch-Site: same-origin (sent only by browsers, which
// a cross-site attacker cannot forge) and refuses cross-site; without the
// header the token is compared. A refusal becomes a csrfRefused, so that
// the error handler knows it by its type.
func (s *Server) csrf() echo.MiddlewareFunc {
	check := middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: func(c echo.Context) bool {
			r := c.Request()
			return noSession(r) || s.apiWithoutSession(r) || (r.URL.Path == "/api/v1/tokens" && r.Method == http.MethodPost)
		},
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     cookieName(s.cfg, "portal_csrf"),
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.cfg.CookieSecure,
		CookieSameSite: http.SameSiteStrictMode,
		CookieMaxAge:   12 * 3600,
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		checked := check(func(c echo.Context) error {
			c.Set(ctxCSRFPassed, true)
			return next(c)
		})
		return func(c echo.Context) error {
			if r := c.Request(); isMultipart(r) {
				// The form's token is read with FormValue, which would
				// parse the form keeping up to 32 MB of files in memory:
				// parse it first with the portal's own limit. An error is
				// left to the handler's own parse, as FormValue leaves it.
				_ = r.ParseMultipartForm(maxFormMemory)
			}
			err := checked(c)
			if err == nil || c.Get(ctxCSRFPassed) != nil {
				return err
			}
			refused := &csrfRefused{status: http.StatusForbidden, cause: err}
			var he *echo.HTTPError
			if errors.As(err, &he) {
				refused.status = he.Code
			}
			return refused
		}
	}
}

// csrfRefused is a request the CSRF check turned away: no token (400), a
// wrong one or a cross-site request (403).
type csrfRefused struct {
	status int
	cause  error
}

func (e *csrfRefused) Error() string { return "csrf: " + e.cause.Error() }
func (e *csrfRefused) Unwrap() error { return e.cause }

// apiWithoutSession tells whether an API call carries no session cookie:
// it cannot act as a signed-in browser, so CSRF does not apply and it gets
// the API's own 401.
func (s *Server) apiWithoutSession(r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	_, err := r.Cookie(s.sessions.Cookie.Name)
	return err != nil
}

// requireRole lets through only signed-in users of the given roles. The
// anonymous are sent to sign in (401 for the API); a signed-in user of
// another role gets 403, which is audited.
func (s *Server) requireRole(roles ...models.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				if isAPI(c) {
					return assessments.ErrUnauthenticated
				}
				return redirect(c, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			if !actor(c).Is(roles...) {
				return assessments.ErrForbidden
			}
			return next(c)
		}
	}
}

// signedIn is requireRole for every role.
func (s *Server) signedIn() echo.MiddlewareFunc {
	return s.requireRole(models.Roles...)
}

// requestLogger logs each request with its ID, status and duration.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogRemoteIP: true,
		HandleError: true,
		Skipper: func(c echo.Context) bool {
			return isPlumbing(c.Request().URL.Path)
		},
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			switch {
			case v.Status == http.StatusServiceUnavailable:
				// "Come back shortly" (busy, or storage away): the cause,
				// if it is a fault, is logged as an error where it
				// happened (handleError).
				level = slog.LevelWarn
			case v.Status >= 500:
				level = slog.LevelError
			}
			if !s.log.Enabled(c.Request().Context(), level) {
				return nil
			}
			attrs := []slog.Attr{
				slog.String("request_id", v.RequestID), slog.String("method", v.Method),
				slog.String("uri", v.URI), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("ip", v.RemoteIP),
			}
			if u := currentUser(c); u != nil {
				attrs = append(attrs, slog.String("user_id", u.ID))
			}
			s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}
