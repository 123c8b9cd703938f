package server_test

import (
	"net/http"
	"strings"
	"testing"

	"hotlineportal/server/servertest"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.Secretariat)
	anon := app.Client()
	api := app.APIClient(servertest.Secretariat)
	cases := []struct {
		name string
		resp *servertest.Response
	}{
		{"login page", anon.Get("/login")},
		{"signed-in page", c.Get("/hotlines")},
		{"not found page", c.Get("/no-such-page")},
		{"static file", anon.Get("/static/css/portal.css")},
		{"API JSON", api.JSON("GET", "/api/v1/me", nil)},
		{"API error", anon.JSON("GET", "/api/v1/me", nil)},
		{"health", anon.Get("/healthz")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.resp.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP allows inline code")
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			if h.Get("Referrer-Policy") == "" {
				t.Error("no Referrer-Policy")
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS sent over plain HTTP")
			}
			if ct := h.Get("Content-Type"); ct == "" {
				t.Error("no Content-Type")
			}
		})
	}
	if cc := c.Get("/users").Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("signed-in page Cache-Control %q", cc)
	}
}

func TestHTTPSDeploymentHardensCookiesAndSendsHSTS(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_BASE_URL": "https://portal.example.org"}})
	r := app.Client().Get("/login")
	if hsts := r.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Fatalf("no HSTS behind https: %q", hsts)
	}
	var csrf *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == "__Host-portal_csrf" {
			csrf = ck
		}
	}
	if csrf == nil || !csrf.Secure || !csrf.HttpOnly || csrf.Path != "/" {
		t.Fatalf("CSRF cookie not hardened: %+v", csrf)
	}
	// A client cannot switch HSTS on by claiming https on a plain deployment.
	plain := servertest.New(t)
	req, _ := http.NewRequest("GET", plain.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	if h := plain.Client().Do(req).Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS from a spoofed X-Forwarded-Proto: %q", h)
	}
}

// /metrics is for the machine itself, or for the bearer of the metrics
// token when one is configured.
func TestMetricsAccess(t *testing.T) {
	get := func(app *servertest.App, headers map[string]string) int {
		req, _ := http.NewRequest("GET", app.URL+"/metrics", nil)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		return app.Client().Do(req).StatusCode
	}
	local := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_TRUSTED_PROXIES": "127.0.0.0/8"}})
	withToken := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_METRICS_TOKEN": "s3cret-metrics-token"}})
	cases := []struct {
		name    string
		app     *servertest.App
		headers map[string]string
		want    int
	}{
		{"from the machine itself", local, nil, 200},
		{"through a proxy, from outside", local, map[string]string{"X-Forwarded-For": "203.0.113.9"}, 404},
		{"through a proxy, from the machine", local, map[string]string{"X-Forwarded-For": "127.0.0.1"}, 200},
		{"token set, none sent", withToken, nil, 401},
		{"token set, wrong one", withToken, map[string]string{"Authorization": "Bearer nope"}, 401},
		{"token set, an API token instead", withToken, map[string]string{"Authorization": "Bearer " + withToken.APIClient(servertest.Secretariat).Token}, 401},
		{"token set, right one", withToken, map[string]string{"Authorization": "Bearer s3cret-metrics-token"}, 200},
	}
	for _, tc := range cases {
		if got := get(tc.app, tc.headers); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	r := c.Get("/healthz")
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", r.StatusCode, r.Body)
	}
	c.Get("/login")
	m := c.Get("/metrics")
	if m.StatusCode != 200 || !strings.Contains(m.Body, "portal_echo_request_duration_seconds") || !strings.Contains(m.Body, "go_goroutines") {
		t.Fatalf("metrics: %d", m.StatusCode)
	}
	if err := app.DB.Close(); err != nil {
		t.Fatal(err)
	}
	if r := c.Get("/healthz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database down: %d", r.StatusCode)
	}
}

func TestErrorPagesAreFriendly(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.ManagerA)
	r := c.Get("/hotlines/00000000-0000-7000-8000-000000000000")
	if r.StatusCode != 404 || !strings.Contains(r.Body, "Page not found") || !strings.Contains(r.Body, `href="/dashboard"`) {
		t.Fatalf("404 page: %d", r.StatusCode)
	}
	r = c.Get("/users")
	if r.StatusCode != 403 || !strings.Contains(r.Body, "You do not have access") {
		t.Fatalf("403 page: %d", r.StatusCode)
	}
	api := c.JSON("GET", "/api/v1/nothing-here", nil)
	if api.StatusCode != 404 || !strings.Contains(api.Body, `"error":{"code":"not_found"`) {
		t.Fatalf("API 404: %d %s", api.StatusCode, api.Body)
	}
}

// With the database gone, pages answer a friendly 503, not a crash.
func TestDatabaseDownGivesAFriendlyPage(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.Secretariat)
	api := app.APIClient(servertest.Secretariat)
	if err := app.DB.Close(); err != nil {
		t.Fatal(err)
	}
	r := c.Get("/hotlines")
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, "cannot reach its database") {
		t.Fatalf("page with the database down: %d %.300s", r.StatusCode, r.Body)
	}
	if r := api.JSON("GET", "/api/v1/hotlines", nil); r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, `"unavailable"`) {
		t.Fatalf("API with the database down: %d %s", r.StatusCode, r.Body)
	}
}
