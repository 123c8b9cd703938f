package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"hotlineportal/server/servertest"
)

func TestAPITokens(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	r := c.JSON("POST", "/api/v1/tokens", map[string]string{"email": app.Users[servertest.ManagerA].Email, "password": servertest.Password})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("token: %d %s", r.StatusCode, r.Body)
	}
	var tok struct {
		Token     string `json:"token"`
		ExpiresAt string `json:"expires_at"`
	}
	r.Decode(&tok)
	if len(tok.Token) < 40 {
		t.Fatalf("token too short: %q", tok.Token)
	}
	if _, err := time.Parse(time.RFC3339, tok.ExpiresAt); err != nil {
		t.Fatalf("expires_at not RFC 3339: %q", tok.ExpiresAt)
	}
	var stored int64
	app.DB.Table("api_tokens").Where("token_hash = ?", tok.Token).Count(&stored)
	if stored != 0 {
		t.Fatal("token stored in clear")
	}
	c.Token = tok.Token
	me := c.JSON("GET", "/api/v1/me", nil)
	var body map[string]any
	me.Decode(&body)
	if me.StatusCode != 200 || body["role"] != "manager" || body["hotline_id"] != app.HotlineA.ID || body["email"] != app.Users[servertest.ManagerA].Email {
		t.Fatalf("me: %d %s", me.StatusCode, me.Body)
	}
	for _, k := range []string{"id", "email", "name", "role", "hotline_id"} {
		if _, ok := body[k]; !ok {
			t.Errorf("me lacks %q", k)
		}
	}
	if r := c.JSON("DELETE", "/api/v1/tokens/current", nil); r.StatusCode != http.StatusNoContent {
		t.Fatalf("delete token: %d", r.StatusCode)
	}
	if r := c.JSON("GET", "/api/v1/me", nil); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", r.StatusCode)
	}
	// Reviewers have no hotline: null.
	rv := app.APIClient(servertest.Reviewer2).JSON("GET", "/api/v1/me", nil)
	if !strings.Contains(rv.Body, `"hotline_id":null`) {
		t.Errorf("reviewer hotline_id: %s", rv.Body)
	}
}

func TestAPITokenErrors(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	cases := []struct {
		name string
		body any
		raw  string
		want int
	}{
		{"wrong password", map[string]string{"email": app.Users[servertest.ManagerA].Email, "password": "nope nope nope"}, "", 401},
		{"malformed JSON", nil, `{"email":`, 400},
		{"not an object", nil, `[1,2]`, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r *servertest.Response
			if tc.raw != "" {
				req, _ := http.NewRequest("POST", app.URL+"/api/v1/tokens", strings.NewReader(tc.raw))
				req.Header.Set("Content-Type", "application/json")
				r = c.Do(req)
			} else {
				r = c.JSON("POST", "/api/v1/tokens", tc.body)
			}
			if r.StatusCode != tc.want || !strings.Contains(r.Body, `{"error":{"code":`) {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tc.want, r.Body)
			}
		})
	}
	bad := app.Client()
	bad.Token = "not-a-token"
	if r := bad.JSON("GET", "/api/v1/me", nil); r.StatusCode != 401 {
		t.Fatalf("bad token: %d", r.StatusCode)
	}
	// Tokens expire.
	good := app.APIClient(servertest.Reviewer1)
	app.Clock.Advance(25 * time.Hour)
	if r := good.JSON("GET", "/api/v1/me", nil); r.StatusCode != 401 {
		t.Fatalf("expired token: %d", r.StatusCode)
	}
}

func TestAPIHotlines(t *testing.T) {
	app := servertest.New(t)
	sec := app.APIClient(servertest.Secretariat)
	r := sec.JSON("POST", "/api/v1/hotlines", map[string]any{"name": "Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych", "country": "PL", "channels": []string{"phone", "chat"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	var created map[string]any
	r.Decode(&created)
	if created["id"] == "" || created["country"] != "PL" || created["name"] != "Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych" {
		t.Fatalf("created: %s", r.Body)
	}
	invalid := sec.JSON("POST", "/api/v1/hotlines", map[string]any{"name": "", "country": "XX", "channels": []string{"fax"}})
	var verr struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	invalid.Decode(&verr)
	if invalid.StatusCode != 422 || verr.Error.Code != "validation_failed" || verr.Error.Fields["name"] == "" || verr.Error.Fields["country"] == "" || verr.Error.Fields["channels"] == "" {
		t.Fatalf("invalid hotline: %d %s", invalid.StatusCode, invalid.Body)
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	sec.JSON("GET", "/api/v1/hotlines", nil).Decode(&list)
	if len(list.Items) != 3 {
		t.Fatalf("secretariat sees %d hotlines", len(list.Items))
	}
	mgr := app.APIClient(servertest.ManagerB)
	mgr.JSON("GET", "/api/v1/hotlines", nil).Decode(&list)
	if len(list.Items) != 1 || list.Items[0]["id"] != app.HotlineB.ID {
		t.Fatalf("manager B sees %v", list.Items)
	}
	if r := mgr.JSON("GET", "/api/v1/hotlines/"+app.HotlineA.ID, nil); r.StatusCode != 404 {
		t.Fatalf("manager B reads hotline A: %d", r.StatusCode)
	}
	if r := mgr.JSON("POST", "/api/v1/hotlines", map[string]any{"name": "x", "country": "BG"}); r.StatusCode != 403 {
		t.Fatalf("manager creates a hotline: %d", r.StatusCode)
	}
	// A manager edits their own profile but cannot rename the hotline.
	upd := mgr.JSON("PUT", "/api/v1/hotlines/"+app.HotlineB.ID, map[string]any{
		"name": "Renamed", "country": "FR", "channels": []string{"phone", "email"}, "languages": []string{"bg", "en"}, "version": app.HotlineB.Version,
	})
	if upd.StatusCode != 200 || !strings.Contains(upd.Body, `"email"`) || strings.Contains(upd.Body, "Renamed") {
		t.Fatalf("manager profile update: %d %s", upd.StatusCode, upd.Body)
	}
	stale := mgr.JSON("PUT", "/api/v1/hotlines/"+app.HotlineB.ID, map[string]any{"channels": []string{"phone"}, "version": app.HotlineB.Version})
	if stale.StatusCode != 409 {
		t.Fatalf("stale update: %d", stale.StatusCode)
	}
}

func TestAPIUsers(t *testing.T) {
	app := servertest.New(t)
	sec := app.APIClient(servertest.Secretariat)
	r := sec.JSON("POST", "/api/v1/users", map[string]any{"email": "Jana.Novak@Test.Example", "name": "Jana Nováková", "role": "reviewer", "hotline_id": nil, "country": "CZ"})
	if r.StatusCode != http.StatusCreated || !strings.Contains(r.Body, `"id"`) {
		t.Fatalf("create user: %d %s", r.StatusCode, r.Body)
	}
	if mails := app.Outbox("jana.novak@test.example"); len(mails) != 1 || servertest.LinkIn(mails[0].Body) == "" {
		t.Fatalf("no invitation sent")
	}
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"same email in other case", map[string]any{"email": "JANA.NOVAK@test.example", "name": "Dup", "role": "reviewer", "country": "CZ"}, "email"},
		{"bad role", map[string]any{"email": "a@test.example", "name": "A", "role": "admin"}, "role"},
		{"manager without hotline", map[string]any{"email": "b@test.example", "name": "B", "role": "manager"}, "hotline_id"},
		{"manager of unknown hotline", map[string]any{"email": "c@test.example", "name": "C", "role": "manager", "hotline_id": "nope"}, "hotline_id"},
		{"reviewer with a hotline", map[string]any{"email": "d@test.example", "name": "D", "role": "reviewer", "country": "CZ", "hotline_id": app.HotlineA.ID}, "hotline_id"},
		{"reviewer without country", map[string]any{"email": "e@test.example", "name": "E", "role": "reviewer"}, "country"},
		{"bad email", map[string]any{"email": "not-an-email", "name": "F", "role": "secretariat"}, "email"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := sec.JSON("POST", "/api/v1/users", tc.body)
			if r.StatusCode != 422 || !strings.Contains(r.Body, `"`+tc.field+`":`) {
				t.Fatalf("status %d: %s", r.StatusCode, r.Body)
			}
		})
	}
	mgr := app.APIClient(servertest.ManagerA)
	if r := mgr.JSON("POST", "/api/v1/users", map[string]any{"email": "x@test.example", "name": "X", "role": "secretariat"}); r.StatusCode != 403 {
		t.Fatalf("manager creates a user: %d", r.StatusCode)
	}
}
