package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/server/servertest"
)

// Every state change made with the session cookie needs the CSRF token.
func TestCSRFProtection(t *testing.T) {
	app := servertest.New(t)
	form := url.Values{"name": {"Χαμόγελο CSRF"}, "country": {"GR"}, "channels": {"phone"}}
	cases := []struct {
		name    string
		token   string
		headers map[string]string
		want    int
	}{
		{"missing token", "", nil, http.StatusBadRequest},
		{"forged token", "forged-token-value-0123456789abcd", nil, http.StatusForbidden},
		{"valid token but cross-site request", "VALID", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"valid token", "VALID", nil, http.StatusSeeOther},
		{"same-origin browser request", "", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := app.SignIn(servertest.Secretariat)
			values := url.Values{}
			for k, v := range form {
				values[k] = v
			}
			switch tc.token {
			case "VALID":
				values.Set("_csrf", c.CSRF())
			case "":
			default:
				values.Set("_csrf", tc.token)
			}
			r := c.PostRaw("/hotlines", values, tc.headers)
			if r.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.want)
			}
			if r.StatusCode >= 400 && !strings.Contains(r.Body, "Your form expired or did not come from this portal") {
				t.Errorf("the refusal does not say why:\n%.400s", r.Body)
			}
		})
	}
	var n int64
	app.DB.Table("hotlines").Where("name = ?", "Χαμόγελο CSRF").Count(&n)
	if n != 2 {
		t.Errorf("hotlines created: %d, want 2 (only the accepted requests)", n)
	}
}

func TestCSRFOnSignOutAndHeaderToken(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.ManagerA)
	if r := c.PostRaw("/logout", url.Values{}, nil); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("logout without token: %d", r.StatusCode)
	}
	if r := c.Get("/dashboard"); r.StatusCode != http.StatusOK {
		t.Fatalf("refused logout still signed out: %d", r.StatusCode)
	}
	// The token may also come in the X-CSRF-Token header (used by scripts).
	if r := c.PostRaw("/logout", url.Values{}, map[string]string{"X-CSRF-Token": c.CSRF()}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout with header token: %d", r.StatusCode)
	}
}

// Bearer-token API calls carry no cookie and need no CSRF token.
func TestBearerCallsNeedNoCSRF(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.Secretariat)
	r := api.JSON("POST", "/api/v1/hotlines", map[string]any{"name": "Kék Vonal", "country": "HU", "channels": []string{"phone", "chat"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create with bearer token: %d %s", r.StatusCode, r.Body)
	}
}
