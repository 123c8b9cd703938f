package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

// code is the current authenticator code of secret on the app's clock; the
// clock moves a step on first, so that each code is fresh.
func code(app *servertest.App, secret string) string {
	app.Clock.Advance(30 * time.Second)
	return assessments.TOTPCode(secret, app.Clock.Now())
}

// enrolAPI turns two-step sign-in on for the client's account through the
// API and returns the secret and the recovery codes.
func enrolAPI(t *testing.T, app *servertest.App, c *servertest.Client) (string, []string) {
	t.Helper()
	r := c.JSON("POST", "/api/v1/me/totp", nil)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("start enrolment: %d %s", r.StatusCode, r.Body)
	}
	var start struct{ Secret, OTPAuthURI string }
	r.Decode(&struct {
		Secret *string `json:"secret"`
		URI    *string `json:"otpauth_uri"`
	}{&start.Secret, &start.OTPAuthURI})
	if start.Secret == "" || !strings.HasPrefix(start.OTPAuthURI, "otpauth://totp/") || !strings.Contains(start.OTPAuthURI, "secret="+start.Secret) {
		t.Fatalf("enrolment: %s", r.Body)
	}
	r = c.JSON("POST", "/api/v1/me/totp/confirm", map[string]string{"code": code(app, start.Secret)})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
	}
	var out struct {
		Codes []string `json:"recovery_codes"`
	}
	r.Decode(&out)
	return start.Secret, out.Codes
}

func tokenStatus(app *servertest.App, email, otp string) (*servertest.Response, string) {
	body := map[string]string{"email": email, "password": servertest.Password}
	if otp != "" {
		body["otp"] = otp
	}
	r := app.Client().JSON("POST", "/api/v1/tokens", body)
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if r.StatusCode != http.StatusCreated {
		r.Decode(&e)
	}
	return r, e.Error.Code
}

func TestTwoStepSignInThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.Reviewer1)
	email := app.Users[servertest.Reviewer1].Email

	// A wrong first code does not turn it on; starting again replaces the
	// unconfirmed secret.
	if r := api.JSON("POST", "/api/v1/me/totp", nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("start: %d", r.StatusCode)
	}
	if r := api.JSON("POST", "/api/v1/me/totp/confirm", map[string]string{"code": "000000"}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"code"`) {
		t.Fatalf("wrong confirmation code: %d %s", r.StatusCode, r.Body)
	}
	secret, recovery := enrolAPI(t, app, api)
	if len(recovery) != 10 {
		t.Fatalf("%d recovery codes", len(recovery))
	}
	if r := api.JSON("POST", "/api/v1/me/totp", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("start while on: %d", r.StatusCode)
	}
	if r := api.JSON("GET", "/api/v1/me", nil); !strings.Contains(r.Body, `"totp_enabled":true`) {
		t.Fatalf("/me: %s", r.Body)
	}

	var current string
	steps := []struct {
		name    string
		otp     func() string
		status  int
		errCode string
	}{
		{"no code", func() string { return "" }, 401, "otp_required"},
		{"wrong code", func() string { return "123456" }, 401, "unauthorized"},
		{"current code", func() string { current = code(app, secret); return current }, 201, ""},
		{"the same code again, within its step", func() string { return current }, 401, "unauthorized"},
		{"a recovery code", func() string { return recovery[0] }, 201, ""},
		{"the same recovery code again", func() string { return recovery[0] }, 401, "unauthorized"},
		{"a recovery code typed in capitals without dashes", func() string { return strings.ToUpper(strings.ReplaceAll(recovery[1], "-", "")) }, 201, ""},
	}
	for _, st := range steps {
		r, errCode := tokenStatus(app, email, st.otp())
		if r.StatusCode != st.status || errCode != st.errCode {
			t.Fatalf("%s: %d %q, want %d %q (%s)", st.name, r.StatusCode, errCode, st.status, st.errCode, r.Body)
		}
	}

	// New recovery codes replace the old ones.
	r := api.JSON("POST", "/api/v1/me/totp/recovery-codes", map[string]string{"code": code(app, secret)})
	var renewed struct {
		Codes []string `json:"recovery_codes"`
	}
	r.Decode(&renewed)
	if r.StatusCode != http.StatusOK || len(renewed.Codes) != 10 {
		t.Fatalf("renew: %d %s", r.StatusCode, r.Body)
	}
	if r, _ := tokenStatus(app, email, recovery[2]); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an old recovery code still works: %d", r.StatusCode)
	}
	if r, _ := tokenStatus(app, email, renewed.Codes[0]); r.StatusCode != http.StatusCreated {
		t.Fatalf("a new recovery code: %d", r.StatusCode)
	}

	// Turning it off takes a code.
	if r := api.JSON("DELETE", "/api/v1/me/totp", map[string]string{"code": "999999"}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("off with a wrong code: %d", r.StatusCode)
	}
	if r := api.JSON("DELETE", "/api/v1/me/totp", map[string]string{"code": code(app, secret)}); r.StatusCode != http.StatusNoContent {
		t.Fatalf("off: %d %s", r.StatusCode, r.Body)
	}
	if r, _ := tokenStatus(app, email, ""); r.StatusCode != http.StatusCreated {
		t.Fatalf("password alone after turning off: %d", r.StatusCode)
	}

	// Each change was audited and told by email, in the user's language
	// (French for this reviewer).
	for _, action := range []string{"auth.totp_enrolment_started", "auth.totp_enabled", "auth.totp_recovery_codes_renewed", "auth.totp_disabled", "auth.totp_failed"} {
		if app.AuditCount(action) == 0 {
			t.Errorf("not audited: %s", action)
		}
	}
	var subjects []string
	for _, m := range app.Outbox(email) {
		subjects = append(subjects, m.Subject)
		if m.Language != "fr" {
			t.Errorf("email %q in %s", m.Subject, m.Language)
		}
	}
	if len(subjects) != 3 {
		t.Errorf("emails: %q", subjects)
	}
}

func TestTwoStepCodesAreRateLimited(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerB)
	secret, _ := enrolAPI(t, app, api)
	email := app.Users[servertest.ManagerB].Email
	for i := 0; i < 5; i++ {
		if r, _ := tokenStatus(app, email, "000001"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, r.StatusCode)
		}
	}
	r, errCode := tokenStatus(app, email, code(app, secret))
	if r.StatusCode != http.StatusTooManyRequests || errCode != "rate_limited" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("after 5 wrong codes a right one answered %d %q", r.StatusCode, errCode)
	}
	app.Clock.Advance(16 * time.Minute)
	if r, _ := tokenStatus(app, email, code(app, secret)); r.StatusCode != http.StatusCreated {
		t.Fatalf("after the window: %d", r.StatusCode)
	}
}

func TestSecretariatResetsTwoStepSignIn(t *testing.T) {
	app := servertest.New(t)
	mgr := app.APIClient(servertest.ManagerA)
	enrolAPI(t, app, mgr)
	id := app.Users[servertest.ManagerA].ID
	if r := app.APIClient(servertest.ManagerB).JSON("DELETE", "/api/v1/users/"+id+"/totp", nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a manager resets: %d", r.StatusCode)
	}
	sec := app.APIClient(servertest.Secretariat)
	if r := sec.JSON("DELETE", "/api/v1/users/"+app.Users[servertest.Secretariat].ID+"/totp", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("resetting oneself: %d", r.StatusCode)
	}
	if r := sec.JSON("DELETE", "/api/v1/users/"+id+"/totp", nil); r.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
	}
	if r := sec.JSON("DELETE", "/api/v1/users/"+id+"/totp", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("reset twice: %d", r.StatusCode)
	}
	if r, _ := tokenStatus(app, app.Users[servertest.ManagerA].Email, ""); r.StatusCode != http.StatusCreated {
		t.Fatalf("after the reset the password alone: %d", r.StatusCode)
	}
	if app.AuditCount("user.totp_reset") != 1 {
		t.Error("reset not audited")
	}
	mails := app.Outbox(app.Users[servertest.ManagerA].Email)
	if last := mails[len(mails)-1]; !strings.Contains(last.Subject, "reset") {
		t.Errorf("last email: %q", last.Subject)
	}
}

var secretPattern = regexp.MustCompile(`<code class="secret" lang="en">([A-Z2-7]+)</code>`)
var recoveryPattern = regexp.MustCompile(`<li><code>([a-z0-9-]{19})</code></li>`)

func TestTwoStepSignInThroughThePages(t *testing.T) {
	app := servertest.New(t)
	c := app.SignIn(servertest.ManagerA)
	if r := c.Get("/account"); !strings.Contains(r.Body, `href="/account/two-step"`) {
		t.Fatal("the account page does not lead to two-step sign-in")
	}
	if r := c.PostForm("/account/two-step/start", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d", r.StatusCode)
	}
	page := c.Get("/account/two-step")
	m := secretPattern.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, "<svg") || !strings.Contains(page.Body, `role="img"`) {
		t.Fatalf("the set-up page lacks the QR code or the key:\n%s", page.Body)
	}
	secret := m[1]
	bad := c.PostForm("/account/two-step/confirm", url.Values{"code": {"12345"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "There is a problem") || !strings.Contains(bad.Body, `href="#code"`) {
		t.Fatalf("wrong code on the page: %d", bad.StatusCode)
	}
	done := c.PostForm("/account/two-step/confirm", url.Values{"code": {code(app, secret)}})
	codes := recoveryPattern.FindAllStringSubmatch(done.Body, -1)
	if done.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("confirm: %d, %d codes", done.StatusCode, len(codes))
	}

	// Signing in now takes two steps; the session is not signed in
	// between them.
	b := app.Client()
	r := b.Login(app.Users[servertest.ManagerA].Email, servertest.Password, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, "/login/code") {
		t.Fatalf("after the password: %q", loc)
	}
	if r := b.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("half signed in, the dashboard answered %d", r.StatusCode)
	}
	form := b.Get("/login/code")
	if form.StatusCode != 200 || !strings.Contains(form.Body, `autocomplete="one-time-code"`) {
		t.Fatalf("code step: %d", form.StatusCode)
	}
	if r := b.PostForm("/login/code", url.Values{"code": {"000000"}}); r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Body, "There is a problem") {
		t.Fatalf("wrong code: %d", r.StatusCode)
	}
	if r := b.PostForm("/login/code", url.Values{"code": {codes[3][1]}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/dashboard" {
		t.Fatalf("recovery code: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := b.Get("/dashboard"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in: %d", r.StatusCode)
	}
	// A code step without a password step first leads back to sign in.
	if r := app.Client().PostForm("/login/code", url.Values{"code": {code(app, secret)}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("code without password: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	// A password set through an emailed link still asks for the code.
	if err := app.Svc.RequestPasswordReset(t.Context(), servertest.SystemActor(), app.Users[servertest.ManagerA].Email); err != nil {
		t.Fatal(err)
	}
	mails := app.Outbox(app.Users[servertest.ManagerA].Email)
	link := servertest.LinkIn(mails[len(mails)-1].Body)
	d := app.Client()
	d.Get(link)
	r = d.PostForm(link, url.Values{"password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
	if !strings.HasPrefix(r.Header.Get("Location"), "/login/code") {
		t.Fatalf("after a password reset: %d %q", r.StatusCode, r.Header.Get("Location"))
	}

	// The secretariat sees it on the user's page and can reset it, after
	// a confirmation that names the person.
	sec := app.SignIn(servertest.Secretariat)
	id := app.Users[servertest.ManagerA].ID
	if r := sec.Get("/users/" + id); !strings.Contains(r.Body, "/users/"+id+"/two-step/reset") {
		t.Fatal("no reset link on the user's page")
	}
	if r := sec.Get("/users/" + id + "/two-step/reset"); r.StatusCode != 200 || !strings.Contains(r.Body, "Ελένη Manager") {
		t.Fatalf("confirmation page: %d", r.StatusCode)
	}
	if r := sec.PostForm("/users/"+id+"/two-step/reset", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if r := sec.Get("/users/" + id); !strings.Contains(r.Body, "Two-step sign-in of Ελένη Manager is off") {
		t.Fatal("no flash after the reset")
	}
}

func TestTwoStepRequiredForARole(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_REQUIRE_TOTP": "secretariat"}})
	api := app.APIClient(servertest.Secretariat)
	r := api.JSON("GET", "/api/v1/hotlines", nil)
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, `"totp_enrolment_required"`) {
		t.Fatalf("before enrolment: %d %s", r.StatusCode, r.Body)
	}
	if r := api.JSON("GET", "/api/v1/me", nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"totp_required":true`) {
		t.Fatalf("/me before enrolment: %d %s", r.StatusCode, r.Body)
	}
	if r := app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/hotlines", nil); r.StatusCode != 200 {
		t.Fatalf("another role is not held: %d", r.StatusCode)
	}
	page := app.SignIn(servertest.Secretariat)
	for _, path := range []string{"/dashboard", "/hotlines", "/users"} {
		if r := page.Get(path); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/account/two-step" {
			t.Fatalf("%s before enrolment: %d %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
	if r := page.Get("/account/two-step"); r.StatusCode != 200 || !strings.Contains(r.Body, "Your role must sign in in two steps") {
		t.Fatalf("set-up page: %d", r.StatusCode)
	}
	enrolAPI(t, app, api)
	if r := api.JSON("GET", "/api/v1/hotlines", nil); r.StatusCode != 200 {
		t.Fatalf("after enrolment: %d", r.StatusCode)
	}
}
