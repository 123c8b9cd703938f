package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hotlineportal/server/servertest"
)

// The secretariat creates a hotline with a Greek name and a manager for it;
// the manager signs in through the invitation link and sees only that
// hotline.
func TestInvitationJourney(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	r := sec.PostForm("/hotlines", url.Values{
		"name": {"Το Χαμόγελο της Κρήτης"}, "english_name": {"Smile of Crete"}, "country": {"GR"},
		"channels": {"phone", "chat"}, "languages": {"el, en"}, "opening_hours": {"24/7"},
	})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create hotline: %d %s", r.StatusCode, r.Body)
	}
	hotlinePath := r.Header.Get("Location")
	hotlineID := strings.TrimPrefix(hotlinePath, "/hotlines/")
	if page := sec.Get(hotlinePath); !strings.Contains(page.Body, "Το Χαμόγελο της Κρήτης") || !strings.Contains(page.Body, "added") {
		t.Fatalf("hotline page lacks the Greek name or the flash message")
	}
	r = sec.PostForm("/users", url.Values{
		"email": {"Nikos@Crete.Example"}, "name": {"Νίκος Καζαντζάκης"}, "role": {"manager"}, "hotline_id": {hotlineID}, "country": {"GR"},
	})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d %s", r.StatusCode, r.Body)
	}
	mails := app.Outbox("nikos@crete.example")
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "account") {
		t.Fatalf("invitation email: %+v", mails)
	}
	link := servertest.LinkIn(mails[0].Body)
	if link == "" {
		t.Fatalf("no link in the invitation: %s", mails[0].Body)
	}
	m := app.Client()
	if page := m.Get(link); page.StatusCode != 200 || !strings.Contains(page.Body, "Νίκος Καζαντζάκης") {
		t.Fatalf("invitation page: %d", page.StatusCode)
	}
	weak := m.PostForm(link, url.Values{"password": {"password1234"}, "password_confirm": {"password1234"}})
	if weak.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(weak.Body, "too common") {
		t.Fatalf("a common password was accepted: %d", weak.StatusCode)
	}
	short := m.PostForm(link, url.Values{"password": {"short"}, "password_confirm": {"short"}})
	if short.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(short.Body, "at least 12") {
		t.Fatalf("a short password was accepted: %d", short.StatusCode)
	}
	good := "Κνωσός και θάλασσα 1900"
	if r := m.PostForm(link, url.Values{"password": {good}, "password_confirm": {good}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d %s", r.StatusCode, r.Body)
	}
	// Signed in, and only their own hotline is visible.
	if dash := m.Get("/dashboard"); !strings.Contains(dash.Body, "Το Χαμόγελο της Κρήτης") {
		t.Fatalf("new manager's dashboard lacks the hotline")
	}
	if r := m.Get("/hotlines/" + hotlineID); r.StatusCode != 200 {
		t.Fatalf("own hotline: %d", r.StatusCode)
	}
	if r := m.Get("/hotlines/" + app.HotlineA.ID); r.StatusCode != 404 {
		t.Fatalf("another hotline: %d, want 404", r.StatusCode)
	}
	if r := m.Get("/hotlines"); r.StatusCode != 403 {
		t.Fatalf("hotline list for a manager: %d", r.StatusCode)
	}
	// The link works once.
	if r := app.Client().Get(link); r.StatusCode != 404 || !strings.Contains(r.Body, "no longer works") {
		t.Fatalf("used link: %d", r.StatusCode)
	}
	app.Client().Login("nikos@crete.example", good, http.StatusSeeOther)
}

func TestInvitationExpires(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	sec.PostForm("/users", url.Values{"email": {"late@test.example"}, "name": {"Late Reviewer"}, "role": {"reviewer"}, "country": {"SK"}})
	link := servertest.LinkIn(app.Outbox("late@test.example")[0].Body)
	app.Clock.Advance(7*24*time.Hour + time.Minute)
	c := app.Client()
	if r := c.Get(link); r.StatusCode != 404 {
		t.Fatalf("expired invitation page: %d", r.StatusCode)
	}
	if r := c.PostForm(link, url.Values{"password": {"a perfectly fine passphrase"}, "password_confirm": {"a perfectly fine passphrase"}}); r.StatusCode != 404 {
		t.Fatalf("expired invitation accepted: %d", r.StatusCode)
	}
	// A resent invitation works and replaces the old link.
	app.Clock.Advance(-7*24*time.Hour - time.Minute)
	if r := sec.PostForm("/users/"+userID(t, app, "late@test.example")+"/invite", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: %d", r.StatusCode)
	}
	mails := app.Outbox("late@test.example")
	fresh := servertest.LinkIn(mails[len(mails)-1].Body)
	if r := c.Get(link); r.StatusCode != 404 {
		t.Fatalf("the replaced link still works: %d", r.StatusCode)
	}
	if r := c.Get(fresh); r.StatusCode != 200 {
		t.Fatalf("fresh link: %d", r.StatusCode)
	}
}

func TestForgottenPassword(t *testing.T) {
	app := servertest.New(t)
	email := app.Users[servertest.Reviewer1].Email
	other := app.SignIn(servertest.Reviewer1) // a session elsewhere
	c := app.Client()
	c.Get("/password/forgot")
	unknown := c.PostForm("/password/forgot", url.Values{"email": {"nobody@test.example"}})
	known := c.PostForm("/password/forgot", url.Values{"email": {strings.ToUpper(email)}})
	if unknown.StatusCode != 200 || known.StatusCode != 200 {
		t.Fatalf("forgot: %d %d", unknown.StatusCode, known.StatusCode)
	}
	// The page says the same whether or not the account exists.
	if strings.Replace(unknown.Body, "nobody@test.example", "X", -1) != strings.Replace(known.Body, strings.ToUpper(email), "X", -1) {
		t.Error("the answer reveals whether an account exists")
	}
	mails := app.Outbox(email)
	if len(mails) != 1 {
		t.Fatalf("reset emails: %d", len(mails))
	}
	// Reviewer1 prefers French: the email is in French.
	if !strings.Contains(mails[0].Subject, "mot de passe") {
		t.Errorf("reset email not in the recipient's language: %q", mails[0].Subject)
	}
	link := servertest.LinkIn(mails[0].Body)
	newPassword := "une phrase de passe toute neuve"
	if r := c.PostForm(link, url.Values{"password": {newPassword}, "password_confirm": {"something else entirely"}}); r.StatusCode != 422 {
		t.Fatalf("mismatched confirmation: %d", r.StatusCode)
	}
	if r := c.PostForm(link, url.Values{"password": {newPassword}, "password_confirm": {newPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if r := other.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("other sessions survive a password reset: %d", r.StatusCode)
	}
	app.Client().Login(email, servertest.Password, http.StatusUnauthorized)
	app.Client().Login(email, newPassword, http.StatusSeeOther)
	if r := app.Client().Get(link); r.StatusCode != 404 {
		t.Fatalf("reset link reusable: %d", r.StatusCode)
	}
	// A reset link lives one hour.
	c.PostForm("/password/forgot", url.Values{"email": {email}})
	mails = app.Outbox(email)
	late := servertest.LinkIn(mails[len(mails)-1].Body)
	app.Clock.Advance(61 * time.Minute)
	if r := app.Client().Get(late); r.StatusCode != 404 {
		t.Fatalf("reset link after an hour: %d", r.StatusCode)
	}
}

func userID(t *testing.T, app *servertest.App, email string) string {
	t.Helper()
	var id string
	if err := app.DB.Table("users").Select("id").Where("email = ?", email).Row().Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
