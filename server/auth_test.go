package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

func TestSignInAndOut(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	r := c.Login(app.Users[servertest.ManagerA].Email, servertest.Password, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/dashboard" {
		t.Fatalf("redirect after sign-in = %q", loc)
	}
	dash := c.Get("/dashboard")
	if dash.StatusCode != 200 || !strings.Contains(dash.Body, "Ελένη Manager") {
		t.Fatalf("dashboard: %d", dash.StatusCode)
	}
	if cc := dash.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("signed-in page Cache-Control = %q", cc)
	}
	sessionCookie := cookieValue(c, "portal_session")
	if r := c.PostForm("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if r := c.Get("/dashboard"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("after sign-out the dashboard answered %d", r.StatusCode)
	}
	// Replaying the old session cookie must not work: it was ended on the server.
	replay := app.Client()
	setCookie(replay, "portal_session", sessionCookie)
	if r := replay.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("replayed session after sign-out answered %d", r.StatusCode)
	}
	if app.AuditCount("auth.sign_in") != 1 || app.AuditCount("auth.sign_out") != 1 {
		t.Errorf("sign-in and sign-out not audited")
	}
}

func TestWrongCredentialsAreRefusedAndAudited(t *testing.T) {
	app := servertest.New(t)
	cases := []struct{ name, email, password string }{
		{"wrong password", app.Users[servertest.ManagerA].Email, "not the right password"},
		{"unknown account", "nobody@test.example", servertest.Password},
		{"email in other case still needs the password", strings.ToUpper(app.Users[servertest.ManagerA].Email), "wrong-but-long-enough"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := app.Client().Login(tc.email, tc.password, http.StatusUnauthorized)
			if !strings.Contains(r.Body, "There is a problem") || !strings.Contains(r.Body, tc.email) {
				t.Errorf("the form should show the error and keep the email typed")
			}
		})
	}
	if n := app.AuditCount("auth.failed"); n != int64(len(cases)) {
		t.Errorf("failed sign-ins audited: %d, want %d", n, len(cases))
	}
	// The email is case-insensitive for a correct password.
	app.Client().Login(strings.ToUpper(app.Users[servertest.ManagerA].Email), servertest.Password, http.StatusSeeOther)
}

func TestSessionIDChangesAtSignIn(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.Reviewer1)
	before := cookieValue(c, "portal_session")
	if before == "" {
		t.Fatal("no session after sign-in")
	}
	// Signing in again on the same browser (as another person) must not
	// keep the session token an attacker may know.
	c.Login(app.Users[servertest.Secretariat].Email, servertest.Password, http.StatusSeeOther)
	after := cookieValue(c, "portal_session")
	if after == "" || after == before {
		t.Fatalf("session token was not renewed at sign-in")
	}
	old := app.Client()
	setCookie(old, "portal_session", before)
	if r := old.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the pre-sign-in session token still works: %d", r.StatusCode)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	c.Get("/login")
	r := c.PostForm("/login", url.Values{"email": {app.Users[servertest.Reviewer1].Email}, "password": {servertest.Password}})
	var found bool
	for _, ck := range r.Cookies() {
		if ck.Name == "portal_session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie flags: HttpOnly=%v SameSite=%v", ck.HttpOnly, ck.SameSite)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set at sign-in")
	}
}

func TestIdleAndAbsoluteTimeouts(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.ManagerA)
	// Expire the stored session as the idle timeout would.
	if err := app.DB.Exec("UPDATE sessions SET expiry = ?", time.Now().Add(-time.Minute).UTC()).Error; err != nil {
		t.Fatal(err)
	}
	if r := c.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("expired session still signed in: %d", r.StatusCode)
	}
}

func TestSignInRateLimits(t *testing.T) {
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) {
		o.AccountFailures, o.AddressFailures = 3, 8
	}})
	email := app.Users[servertest.ManagerB].Email
	c := app.Client()
	for i := 0; i < 3; i++ {
		c.Login(email, "wrong password number", http.StatusUnauthorized)
	}
	r := c.Login(email, servertest.Password, http.StatusTooManyRequests)
	if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("429 without Retry-After")
	}
	// The API shares the limit and answers in JSON.
	api := app.Client().JSON("POST", "/api/v1/tokens", map[string]string{"email": email, "password": servertest.Password})
	if api.StatusCode != http.StatusTooManyRequests || api.Header.Get("Retry-After") == "" || !strings.Contains(api.Body, `"rate_limited"`) {
		t.Fatalf("API token while limited: %d %s", api.StatusCode, api.Body)
	}
	// After the window, the account can sign in again.
	app.Clock.Advance(16 * time.Minute)
	app.Client().Login(email, servertest.Password, http.StatusSeeOther)
	if app.AuditCount("auth.rate_limited") < 2 {
		t.Errorf("rate limiting not audited")
	}
}

func TestAddressRateLimitSparesSuccessfulColleagues(t *testing.T) {
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) {
		o.AccountFailures, o.AddressFailures = 100, 5
	}})
	// Many colleagues behind one address sign in successfully: never throttled.
	for i := 0; i < 12; i++ {
		key := []string{servertest.ManagerA, servertest.ManagerB, servertest.Reviewer1, servertest.Reviewer2}[i%4]
		app.Client().Login(app.Users[key].Email, servertest.Password, http.StatusSeeOther)
	}
	// Failures from one address against different accounts are limited.
	for i := 0; i < 5; i++ {
		app.Client().Login("guess"+string(rune('a'+i))+"@test.example", "wrong password here", http.StatusUnauthorized)
	}
	app.Client().Login(app.Users[servertest.ManagerA].Email, servertest.Password, http.StatusTooManyRequests)
}

func TestDisabledUserIsSignedOutAtOnce(t *testing.T) {
	app := servertest.New(t)
	manager := app.SignIn(servertest.ManagerA)
	api := app.APIClient(servertest.ManagerA)
	sec := app.SignIn(servertest.Secretariat)
	id := app.Users[servertest.ManagerA].ID
	if r := sec.Get("/users/" + id + "/disable"); r.StatusCode != 200 || !strings.Contains(r.Body, "Ελένη Manager") {
		t.Fatalf("confirmation page: %d", r.StatusCode)
	}
	if r := sec.PostForm("/users/"+id+"/disable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.StatusCode, r.Body)
	}
	if r := manager.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabled user's session still works: %d", r.StatusCode)
	}
	if r := api.JSON("GET", "/api/v1/me", nil); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("disabled user's token still works: %d", r.StatusCode)
	}
	app.Client().Login(app.Users[servertest.ManagerA].Email, servertest.Password, http.StatusUnauthorized)
	if r := sec.PostForm("/users/"+id+"/enable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", r.StatusCode)
	}
	app.Client().Login(app.Users[servertest.ManagerA].Email, servertest.Password, http.StatusSeeOther)
	if app.AuditCount("user.disable") != 1 || app.AuditCount("user.enable") != 1 {
		t.Error("disable and enable not audited")
	}
}

func TestSecretariatCannotDisableItself(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	if r := sec.PostForm("/users/"+app.Users[servertest.Secretariat].ID+"/disable", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("self-disable answered %d", r.StatusCode)
	}
}

func cookieValue(c *servertest.Client, name string) string {
	u, _ := url.Parse(c.App.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func setCookie(c *servertest.Client, name, value string) {
	u, _ := url.Parse(c.App.URL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// A burst of concurrent sign-ins never runs more password hashes at once
// than the pool allows (each holds the hash's memory), and every answer is
// a refusal the client understands: 401, 429, or 503 with Retry-After.
func TestSignInBurstStaysWithinTheHashingPool(t *testing.T) {
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) {
		o.HashSlots, o.HashWait = 2, 50*time.Millisecond
		o.AccountFailures, o.AddressFailures = 1000, 1000
	}})
	emails := []string{app.Users[servertest.ManagerA].Email, app.Users[servertest.Reviewer2].Email, "nobody@test.example"}
	const burst = 120
	statuses := make([]int, burst)
	retry := make([]string, burst)
	var wg sync.WaitGroup
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := app.Client().JSON("POST", "/api/v1/tokens", map[string]string{"email": emails[i%len(emails)], "password": "wrong password " + strconv.Itoa(i)})
			statuses[i], retry[i] = r.StatusCode, r.Header.Get("Retry-After")
		}()
	}
	wg.Wait()
	counts := map[int]int{}
	for i, st := range statuses {
		counts[st]++
		switch {
		case st == http.StatusServiceUnavailable && retry[i] == "":
			t.Errorf("503 without Retry-After")
		case st != http.StatusUnauthorized && st != http.StatusTooManyRequests && st != http.StatusServiceUnavailable:
			t.Errorf("sign-in %d answered %d", i, st)
		}
	}
	if peak := app.Svc.PeakConcurrentHashes(); peak < 1 || peak > 2 {
		t.Fatalf("%d password hashes ran at once, the pool allows 2 (statuses %v)", peak, counts)
	}
	// The page says so in words and keeps the address typed.
	busy := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) { o.HashSlots, o.HashWait = 1, 20*time.Millisecond }})
	release := busy.Svc.HoldHashSlotForTest()
	defer release()
	r := busy.Client().Login(busy.Users[servertest.ManagerA].Email, servertest.Password, http.StatusServiceUnavailable)
	if r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "busy") || !strings.Contains(r.Body, busy.Users[servertest.ManagerA].Email) {
		t.Fatalf("busy sign-in page: %s", r.Body)
	}
}

// A password hashed with older parameters is re-hashed with the current
// ones at the next successful sign-in.
func TestOlderPasswordHashIsUpgradedAtSignIn(t *testing.T) {
	app := servertest.New(t)
	old, err := assessments.HashPassword(servertest.Password, assessments.Argon2Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	id := app.Users[servertest.ManagerB].ID
	app.DB.Exec("UPDATE users SET password_hash = ? WHERE id = ?", old, id)
	app.SignIn(servertest.ManagerB)
	var now string
	app.DB.Raw("SELECT password_hash FROM users WHERE id = ?", id).Scan(&now)
	want := fmt.Sprintf("m=%d,t=%d,p=%d", servertest.TestArgon2.Memory, servertest.TestArgon2.Time, servertest.TestArgon2.Threads)
	if now == old || !strings.Contains(now, want) {
		t.Fatalf("hash not upgraded: %s", now)
	}
	app.Client().Login(app.Users[servertest.ManagerB].Email, servertest.Password, http.StatusSeeOther)
}

// A session that does not change is written back only when its stored
// expiry falls behind by more than the slack, and never so that it ends
// before the idle time after the last request.
func TestSessionIsWrittenOnlyWhenItChanges(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.ManagerA)
	c.Get("/dashboard") // shows the sign-in flash, which changes the session
	before, _ := app.Server.SessionWrites()
	for i := 0; i < 20; i++ {
		start := time.Now()
		if r := c.Get("/assessments"); r.StatusCode != 200 {
			t.Fatalf("status %d", r.StatusCode)
		}
		var expiry time.Time
		app.DB.Raw("SELECT expiry FROM sessions").Row().Scan(&expiry)
		if expiry.Before(start.Add(app.Config.SessionIdle)) {
			t.Fatalf("the stored session ends %s, before the idle time after the last request", expiry)
		}
	}
	after, skipped := app.Server.SessionWrites()
	if after != before || skipped < 20 {
		t.Fatalf("20 unchanged requests wrote the session %d times (%d skipped)", after-before, skipped)
	}
	// A change (a flash message) is written at once.
	if r := c.PostForm("/assessments", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start an assessment: %d", r.StatusCode)
	}
	if w, _ := app.Server.SessionWrites(); w == after {
		t.Fatal("a changed session was not written")
	}
}
