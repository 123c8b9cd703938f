package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/emersion/go-smtp"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server"
	"hotlineportal/server/servertest"
)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// deliver runs one round of the mail worker with the portal's real SMTP
// sender, built from the app's configuration.
func deliver(app *servertest.App) assessments.MailRound {
	return app.Svc.DeliverDueMail(context.Background(), server.NewMailSender(app.Config, quietLog), app.Config.MailSendLimit())
}

// outboxRow reloads one outbox message.
func outboxRow(t *testing.T, app *servertest.App, id string) models.OutboxMessage {
	t.Helper()
	var m models.OutboxMessage
	if err := app.DB.Where("id = ?", id).Take(&m).Error; err != nil {
		t.Fatalf("outbox %s: %v", id, err)
	}
	return m
}

// smtpEnv points the portal at a plain mail server at host:port.
func smtpEnv(host string, port int) map[string]string {
	return map[string]string{
		"PORTAL_SMTP_HOST": host, "PORTAL_SMTP_PORT": strconv.Itoa(port), "PORTAL_SMTP_TLS": "none",
		"PORTAL_SMTP_FROM": "portal@test.example", "PORTAL_SMTP_TIMEOUT": "2s",
	}
}

// queueReset asks for a password reset through the public form, which
// queues one email to the address.
func queueReset(t *testing.T, app *servertest.App, email string) models.OutboxMessage {
	t.Helper()
	if r := app.Client().PostForm("/password/forgot", url.Values{"email": {email}}); r.StatusCode != http.StatusOK {
		t.Fatalf("forgot password: %d", r.StatusCode)
	}
	mails := app.Outbox(email)
	if len(mails) == 0 {
		t.Fatal("no reset email queued")
	}
	return mails[len(mails)-1]
}

func hasScript(s string, script *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.Is(script, r) {
			return true
		}
	}
	return false
}

// Emails the application queues (an invitation, password resets, workflow
// notifications) reach a real SMTP server over STARTTLS with credentials,
// each in its recipient's language, with Greek and Cyrillic names intact
// in the headers and the text, and a one-time link that works.
func TestEmailsReachTheMailServer(t *testing.T) {
	ms := servertest.NewMailServer(t, servertest.MailServerOptions{TLS: "starttls", User: "portal", Password: "smtp pass 116"})
	app := servertest.New(t, servertest.Options{Env: ms.Env()})
	sec := app.SignIn(servertest.Secretariat)
	if r := sec.PostForm("/users", url.Values{
		"email": {"nikos@crete.example"}, "name": {"Νίκος Καζαντζάκης"}, "role": {"reviewer"}, "country": {"GR"}, "language": {"el"},
	}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
	}
	managerB, reviewer1 := app.Users[servertest.ManagerB], app.Users[servertest.Reviewer1]
	queueReset(t, app, managerB.Email)
	queueReset(t, app, reviewer1.Email)
	id := submitted(t, app)
	if r := app.APIClient(servertest.Secretariat).JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": reviewer1.ID}); r.StatusCode != http.StatusCreated {
		t.Fatalf("assign reviewer: %d %s", r.StatusCode, r.Body)
	}
	var queued []models.OutboxMessage
	if err := app.DB.Order("created_at, id").Find(&queued).Error; err != nil {
		t.Fatal(err)
	}
	if len(queued) != 4 {
		t.Fatalf("queued %d emails, want 4 (invitation, 2 resets, the reviewer's notification)", len(queued))
	}

	round := deliver(app)
	if round.Sent != len(queued) || round.Retrying+round.GivenUp != 0 {
		t.Fatalf("delivery round %+v, want %d sent", round, len(queued))
	}
	if again := deliver(app); again != (assessments.MailRound{}) {
		t.Fatalf("a second round sent again: %+v", again)
	}
	received := map[string]*servertest.ReceivedMail{}
	for _, q := range queued {
		if row := outboxRow(t, app, q.ID); row.Status != models.MailSent || row.SentAt == nil || row.Attempts != 1 {
			t.Errorf("outbox row after delivery: %s, attempts %d", row.Status, row.Attempts)
		}
		var got *servertest.ReceivedMail
		for _, m := range ms.To(q.ToAddress) {
			if m.Subject == q.Subject {
				got = m
			}
		}
		if got == nil {
			t.Fatalf("no email to %s with subject %q reached the server", q.ToAddress, q.Subject)
		}
		received[q.ToAddress+"|"+q.Subject] = got
		checkReceived(t, got, q)
	}

	// The Greek invitation: Greek subject and text, Content-Language el,
	// and its link sets the password.
	var invitation, frenchReset, frenchNotice, cyrillic *servertest.ReceivedMail
	for _, q := range queued {
		m := received[q.ToAddress+"|"+q.Subject]
		switch {
		case q.ToAddress == "nikos@crete.example":
			invitation = m
		case q.ToAddress == reviewer1.Email && strings.Contains(q.Body, "/password/set/"):
			frenchReset = m
		case q.ToAddress == reviewer1.Email:
			frenchNotice = m
		case q.ToAddress == managerB.Email:
			cyrillic = m
		}
	}
	if invitation.Header.Get("Content-Language") != "el" || !hasScript(invitation.Subject, unicode.Greek) || !strings.Contains(invitation.Text, "Νίκος Καζαντζάκης") {
		t.Errorf("Greek invitation: language %q, subject %q", invitation.Header.Get("Content-Language"), invitation.Subject)
	}
	if cyrillic.HeaderTo[0].Name != "Мария Manager" || !strings.Contains(cyrillic.Text, "Мария Manager") {
		t.Errorf("Cyrillic name: header %q", cyrillic.HeaderTo[0].Name)
	}
	// Reviewer1 prefers French: both the reset and the notification are in
	// French, the notification naming the Greek hotline in its subject.
	if frenchReset.Header.Get("Content-Language") != "fr" || !strings.Contains(frenchReset.Subject, "mot de passe") || !strings.HasPrefix(frenchReset.Text, "Bonjour Rita Reviewer") {
		t.Errorf("French reset: %q %q", frenchReset.Header.Get("Content-Language"), frenchReset.Subject)
	}
	if frenchNotice.Header.Get("Content-Language") != "fr" || !strings.Contains(frenchNotice.Subject, "Demande d’évaluation\u00a0: Το Χαμόγελο του Παιδιού") ||
		!strings.Contains(frenchNotice.Text, app.Config.BaseURL+"/assessments/"+id+"/review") {
		t.Errorf("French notification: %q\n%s", frenchNotice.Subject, frenchNotice.Text)
	}

	// The links read back from the server work, once.
	link := servertest.LinkIn(invitation.Text)
	if link == "" || !strings.Contains(invitation.Text, app.Config.BaseURL+link) {
		t.Fatalf("no absolute one-time link in the invitation:\n%s", invitation.Text)
	}
	nikos := app.Client()
	if page := nikos.Get(link); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Νίκος Καζαντζάκης") {
		t.Fatalf("invitation link: %d", page.StatusCode)
	}
	password := "Κνωσός και θάλασσα 1900"
	if r := nikos.PostForm(link, url.Values{"password": {password}, "password_confirm": {password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password through the emailed link: %d", r.StatusCode)
	}
	app.Client().Login("nikos@crete.example", password, http.StatusSeeOther)
	reset := servertest.LinkIn(frenchReset.Text)
	newPassword := "une phrase de passe reçue par courriel"
	if r := app.Client().PostForm(reset, url.Values{"password": {newPassword}, "password_confirm": {newPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset through the emailed link: %d", r.StatusCode)
	}
	app.Client().Login(reviewer1.Email, newPassword, http.StatusSeeOther)
	if r := app.Client().Get(reset); r.StatusCode != http.StatusNotFound {
		t.Errorf("emailed reset link works twice: %d", r.StatusCode)
	}
}

// checkReceived compares what the server got with what was queued.
func checkReceived(t *testing.T, got *servertest.ReceivedMail, q models.OutboxMessage) {
	t.Helper()
	if got.From != "portal@test.example" || got.Sender.Address != "portal@test.example" || got.Sender.Name != "Portal 116 000" {
		t.Errorf("sender: envelope %q, header %v", got.From, got.Sender)
	}
	if len(got.To) != 1 || got.To[0] != q.ToAddress || len(got.HeaderTo) != 1 || got.HeaderTo[0].Address != q.ToAddress || got.HeaderTo[0].Name != q.ToName {
		t.Errorf("recipient: envelope %v, header %v, want %q <%s>", got.To, got.HeaderTo, q.ToName, q.ToAddress)
	}
	if !got.TLS || got.AuthUser != "portal" {
		t.Errorf("delivered without STARTTLS (%v) or credentials (%q)", got.TLS, got.AuthUser)
	}
	if got.Header.Get("Content-Language") != q.Language || !strings.Contains(got.Header.Get("Content-Type"), "charset=UTF-8") {
		t.Errorf("language %q (want %q), type %q", got.Header.Get("Content-Language"), q.Language, got.Header.Get("Content-Type"))
	}
	if strings.TrimSpace(got.Text) != strings.TrimSpace(q.Body) {
		t.Errorf("text changed on the way:\n%q\nwant\n%q", got.Text, q.Body)
	}
	// Headers stay 7-bit (RFC 2047 encoded words), so any server relays them.
	head, _, _ := bytes.Cut(got.Raw, []byte("\r\n\r\n"))
	for _, b := range head {
		if b >= 0x80 {
			t.Errorf("raw 8-bit byte in the headers of %q", q.Subject)
			break
		}
	}
}

// A server that refuses, fails for a while or is down: the email is tried
// again with a growing delay, the error is kept, and after the 8th attempt
// it is given up, and never tried again by itself.
func TestUndeliverableEmailIsRetriedThenGivenUp(t *testing.T) {
	refusing := func(opts servertest.MailServerOptions) func(*testing.T) (string, int) {
		return func(t *testing.T) (string, int) {
			ms := servertest.NewMailServer(t, opts)
			return ms.Host, ms.Port
		}
	}
	onConnect := func(reply string) func(*testing.T) (string, int) {
		return func(t *testing.T) (string, int) { return servertest.RefusingMailServer(t, reply) }
	}
	cases := []struct {
		name   string
		server func(*testing.T) (string, int)
		want   string
	}{
		{"recipient refused (550)", refusing(servertest.MailServerOptions{RcptError: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}}), "550"},
		{"temporary failure (451)", refusing(servertest.MailServerOptions{DataError: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}}), "451"},
		{"refused on connect (554)", onConnect("554 5.7.1 No SMTP service here"), "554"},
		{"busy on connect (421)", onConnect("421 4.3.2 Too busy, try later"), "421"},
		{"server down", func(t *testing.T) (string, int) { return "127.0.0.1", servertest.ClosedPort(t) }, "connection refused"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			host, port := tc.server(t)
			app := servertest.New(t, servertest.Options{Env: smtpEnv(host, port)})
			id := queueReset(t, app, app.Users[servertest.Reviewer2].Email).ID
			var lastWait time.Duration
			for attempt := 1; attempt <= assessments.MaxMailAttempts; attempt++ {
				round := deliver(app)
				row := outboxRow(t, app, id)
				if row.Attempts != attempt || !strings.Contains(row.LastError, tc.want) || !strings.Contains(row.LastError, fmt.Sprintf("attempt %d:", attempt)) {
					t.Fatalf("attempt %d: attempts %d, last error %q (want %q)", attempt, row.Attempts, row.LastError, tc.want)
				}
				if row.LastAttemptAt == nil || row.ClaimedUntil != nil {
					t.Fatalf("attempt %d: last attempt %v, claim %v", attempt, row.LastAttemptAt, row.ClaimedUntil)
				}
				if attempt == assessments.MaxMailAttempts {
					if row.Status != models.MailFailed || round.GivenUp != 1 {
						t.Fatalf("after %d attempts: status %s, round %+v", attempt, row.Status, round)
					}
					break
				}
				if row.Status != models.MailPending || round.Retrying != 1 {
					t.Fatalf("attempt %d: status %s, round %+v", attempt, row.Status, round)
				}
				wait := row.NextAttemptAt.Sub(*row.LastAttemptAt)
				want := time.Duration(1<<attempt) * 30 * time.Second
				if wait < want || wait > want+10*time.Second || wait <= lastWait {
					t.Fatalf("attempt %d: next attempt after %s, want %s and more than %s", attempt, wait, want, lastWait)
				}
				lastWait = wait
				// Not before its time.
				if early := deliver(app); early != (assessments.MailRound{}) || outboxRow(t, app, id).Attempts != attempt {
					t.Fatalf("attempt %d: tried again before the delay: %+v", attempt, early)
				}
				app.Clock.Advance(wait + time.Second)
			}
			app.Clock.Advance(30 * 24 * time.Hour)
			if late := deliver(app); late != (assessments.MailRound{}) || outboxRow(t, app, id).Attempts != assessments.MaxMailAttempts {
				t.Fatalf("a given-up email was tried again: %+v", late)
			}
		})
	}
}

// TLS to the mail server: STARTTLS is used where offered, with the
// certificate checked against PORTAL_SMTP_CA_FILE; with starttls a server
// that does not offer it is refused before any credentials are sent;
// implicit TLS works against a TLS listener.
func TestMailServerTLS(t *testing.T) {
	const user, password = "portal", "smtp pass 116"
	cases := []struct {
		name      string
		opts      servertest.MailServerOptions
		env       map[string]string
		delivered bool
		wantTLS   bool
		wantErr   string
	}{
		{"STARTTLS offered: upgraded, then credentials", servertest.MailServerOptions{TLS: "starttls", User: user, Password: password}, nil, true, true, ""},
		{"implicit TLS", servertest.MailServerOptions{TLS: "tls", User: user, Password: password}, nil, true, true, ""},
		{"no TLS asked, plain server", servertest.MailServerOptions{}, nil, true, false, ""},
		{"STARTTLS required but not offered", servertest.MailServerOptions{User: user, Password: password, AllowPlainAuth: true},
			map[string]string{"PORTAL_SMTP_TLS": "starttls", "PORTAL_SMTP_USER": user, "PORTAL_SMTP_PASSWORD": password}, false, false, "STARTTLS"},
		{"private CA not trusted", servertest.MailServerOptions{TLS: "starttls", User: user, Password: password},
			map[string]string{"PORTAL_SMTP_CA_FILE": ""}, false, false, "certificate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ms := servertest.NewMailServer(t, tc.opts)
			env := ms.Env()
			for k, v := range tc.env {
				env[k] = v
			}
			app := servertest.New(t, servertest.Options{Env: env})
			id := queueReset(t, app, app.Users[servertest.Reviewer2].Email).ID
			round := deliver(app)
			got := ms.Received()
			if !tc.delivered {
				row := outboxRow(t, app, id)
				if round.Sent != 0 || len(got) != 0 || !strings.Contains(row.LastError, tc.wantErr) {
					t.Fatalf("round %+v, %d received, last error %q (want %q)", round, len(got), row.LastError, tc.wantErr)
				}
				if n := ms.AuthAttempts(); n != 0 {
					t.Fatalf("credentials sent %d times to a server that was not trusted", n)
				}
				return
			}
			if round.Sent != 1 || len(got) != 1 {
				t.Fatalf("round %+v, %d received", round, len(got))
			}
			if got[0].TLS != tc.wantTLS || got[0].AuthUser != tc.opts.User {
				t.Fatalf("server saw TLS %v (want %v), user %q", got[0].TLS, tc.wantTLS, got[0].AuthUser)
			}
		})
	}
}

// A mail server that accepts the connection and then says nothing holds
// no request: a page that queues an email answers while the worker is
// stuck, and the worker gives up that attempt within the send limit.
func TestStuckMailServerBlocksNoRequest(t *testing.T) {
	host, port := servertest.SilentMailServer(t)
	env := smtpEnv(host, port)
	env["PORTAL_SMTP_TIMEOUT"] = "1s"
	app := servertest.New(t, servertest.Options{Env: env})
	stuck := queueReset(t, app, app.Users[servertest.Reviewer2].Email).ID
	sec := app.SignIn(servertest.Secretariat)

	start := time.Now()
	done := make(chan assessments.MailRound, 1)
	go func() { done <- deliver(app) }()
	for outboxRow(t, app, stuck).Status != models.MailSending {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the worker never claimed the email")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r := sec.PostForm("/users", url.Values{"email": {"waiting@test.example"}, "name": {"Ώρα Αναμονής"}, "role": {"reviewer"}, "country": {"SK"}})
	select {
	case <-done:
		t.Fatal("the worker finished before the request: nothing proven")
	default:
	}
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a request while the mail server hangs: %d", r.StatusCode)
	}
	var round assessments.MailRound
	select {
	case round = <-done:
	case <-time.After(app.Config.MailSendLimit() + 5*time.Second):
		t.Fatal("the worker is still stuck after its send limit")
	}
	if elapsed := time.Since(start); elapsed > app.Config.MailSendLimit()+time.Second {
		t.Errorf("one attempt took %s, over the limit of %s", elapsed, app.Config.MailSendLimit())
	}
	row := outboxRow(t, app, stuck)
	if round.Retrying != 1 || row.Status != models.MailPending || !strings.Contains(row.LastError, "timeout") {
		t.Fatalf("round %+v, status %s, last error %q", round, row.Status, row.LastError)
	}
	if queued := app.Outbox("waiting@test.example"); len(queued) != 1 || queued[0].Status != models.MailPending {
		t.Fatalf("the invitation queued meanwhile: %+v", queued)
	}
}
