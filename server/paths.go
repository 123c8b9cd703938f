package server

import (
	"net/http"
	"strings"
)

// The paths the middleware treats apart, each list written once.

// isPlumbing tells whether a path is the portal's plumbing rather than a
// page or an API call: static files and the probes. It is not logged and
// never has a session.
func isPlumbing(p string) bool {
	return strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/metrics"
}

// isPublicAPI tells whether a path is the API anyone may call without an
// account (verification, the register).
func isPublicAPI(p string) bool { return strings.HasPrefix(p, "/api/v1/public/") }

// noSession tells whether a request never uses a cookie session (and so
// needs no CSRF token): plumbing, the public API, and bearer-token calls.
func noSession(r *http.Request) bool {
	return isPlumbing(r.URL.Path) || isPublicAPI(r.URL.Path) || bearerToken(r) != ""
}

// isPublicPath tells whether a path is open to anyone: plumbing, the
// public API, signing in and the public pages.
func isPublicPath(p string) bool {
	if isPlumbing(p) || isPublicAPI(p) {
		return true
	}
	for _, prefix := range []string{"/verify", "/password/", "/login"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	switch p {
	case "/", "/register", "/accessibility", "/privacy":
		return true
	}
	return false
}
