package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The mail server is down: the invitation is given up, the secretariat's
// dashboard says so and links to the list of undelivered emails; once the
// server is back, "Send again" delivers it and its link works.
func TestUndeliveredEmailPage(t *testing.T) {
	port := servertest.ClosedPort(t)
	app := servertest.New(t, servertest.Options{Env: smtpEnv("127.0.0.1", port)})
	sec := app.SignIn(servertest.Secretariat)

	// Nothing undelivered: no banner, an empty list that says so.
	dash := sec.Get("/dashboard")
	if strings.Contains(dash.Body, "undelivered-heading") || !strings.Contains(dash.Body, `href="/outbox"`) {
		t.Fatal("dashboard: a banner with nothing undelivered, or no link in the menu")
	}
	if page := sec.Get("/outbox"); page.StatusCode != 200 || !strings.Contains(page.Body, "No email has been given up") {
		t.Fatalf("empty list: %d", page.StatusCode)
	}

	email := "olena@lviv.example"
	if r := sec.PostForm("/users", url.Values{"email": {email}, "name": {"Олена Коваленко"}, "role": {"reviewer"}, "country": {"PL"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.StatusCode)
	}
	id := app.Outbox(email)[0].ID
	for i := 0; i < assessments.MaxMailAttempts; i++ {
		deliver(app)
		app.Clock.Advance(2 * time.Hour)
	}
	if row := outboxRow(t, app, id); row.Status != models.MailFailed {
		t.Fatalf("after %d attempts against a closed port: %s", assessments.MaxMailAttempts, row.Status)
	}

	dash = sec.Get("/dashboard")
	if !strings.Contains(dash.Body, "1 email could not be delivered") || !strings.Contains(dash.Body, "See the undelivered emails and send them again") {
		t.Fatal("no banner on the dashboard for the undelivered email")
	}
	page := sec.Get("/outbox")
	for _, want := range []string{"Олена Коваленко", email, "Your account on the", ">8<", "connection refused", "Send again", "1 email"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("undelivered list lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "/password/set/") {
		t.Error("the list shows the one-time link of someone else's email")
	}

	// Other roles never see it.
	manager := app.SignIn(servertest.ManagerA)
	if r := manager.Get("/outbox"); r.StatusCode != http.StatusForbidden {
		t.Errorf("manager reads the outbox: %d", r.StatusCode)
	}
	if r := manager.PostForm("/outbox/"+id+"/retry", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("manager retries an email: %d", r.StatusCode)
	}
	if strings.Contains(manager.Get("/dashboard").Body, `href="/outbox"`) {
		t.Error("the manager's menu links to the outbox")
	}
	// A state change needs the CSRF token.
	if r := sec.PostRaw("/outbox/"+id+"/retry", url.Values{}, nil); r.StatusCode != http.StatusBadRequest {
		t.Errorf("retry without CSRF token: %d", r.StatusCode)
	}
	if row := outboxRow(t, app, id); row.Status != models.MailFailed {
		t.Fatalf("refused requests changed the email: %s", row.Status)
	}

	// The mail server is back where the portal looks for it.
	ms := servertest.NewMailServer(t, servertest.MailServerOptions{Port: port})
	r := sec.PostForm("/outbox/"+id+"/retry", nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/outbox" {
		t.Fatalf("send again: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := sec.Get("/outbox"); !strings.Contains(page.Body, "The email to "+email+" will be sent again in a moment.") || !strings.Contains(page.Body, "No email has been given up") {
		t.Error("no confirmation after sending again, or the email is still listed as given up")
	}
	if row := outboxRow(t, app, id); row.Status != models.MailPending || row.Attempts != 0 {
		t.Fatalf("after send again: %s, %d attempts", row.Status, row.Attempts)
	}
	if n := app.AuditCount("mail.retry"); n != 1 {
		t.Errorf("audit entries for send again: %d", n)
	}
	if r := sec.PostForm("/outbox/"+id+"/retry", nil); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "already queued") {
		t.Errorf("sending again twice: %d", r.StatusCode)
	}
	if round := deliver(app); round.Sent != 1 {
		t.Fatalf("delivery after send again: %+v", round)
	}
	got := ms.To(email)
	if len(got) != 1 || got[0].HeaderTo[0].Name != "Олена Коваленко" {
		t.Fatalf("received after send again: %d", len(got))
	}
	if r := app.Client().Get(servertest.LinkIn(got[0].Text)); r.StatusCode != http.StatusOK {
		t.Errorf("the link of the email sent again: %d", r.StatusCode)
	}
	if strings.Contains(sec.Get("/dashboard").Body, "undelivered-heading") {
		t.Error("the banner stays once everything is delivered")
	}
}

// failedRows puts n given-up emails in the outbox, newest first, each with
// a one-time link in its body.
func failedRows(t *testing.T, app *servertest.App, n int) []string {
	t.Helper()
	now := time.Now().UTC()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = models.NewID()
		m := &models.OutboxMessage{
			ID: ids[i], ToAddress: fmt.Sprintf("bulk%02d@test.example", i), ToName: "Ελένη " + fmt.Sprint(i), Language: "el",
			Subject: fmt.Sprintf("Bulk %02d", i), Body: "Link: http://localhost:8080/password/set/secret-token", Status: models.MailFailed,
			Attempts: 8, LastError: "attempt 8: 550 5.1.1 No such mailbox", NextAttemptAt: now, LastAttemptAt: &now,
			CreatedAt: now.Add(-time.Duration(i) * time.Minute),
		}
		if err := app.DB.Create(m).Error; err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// The list pages through many undelivered emails and filters by state.
func TestUndeliveredEmailPagination(t *testing.T) {
	app := servertest.New(t)
	failedRows(t, app, 30)
	sec := app.SignIn(servertest.Secretariat)
	first, second := sec.Get("/outbox"), sec.Get("/outbox?page=2")
	if n := strings.Count(first.Body, `action="/outbox/`); n != 25 || !strings.Contains(first.Body, "30 emails") || !strings.Contains(first.Body, "Page 1 of 2") {
		t.Errorf("first page: %d rows", n)
	}
	if n := strings.Count(second.Body, `action="/outbox/`); n != 5 || !strings.Contains(second.Body, "Bulk 29") || strings.Contains(second.Body, "Bulk 00") {
		t.Errorf("second page: %d rows", n)
	}
	if strings.Contains(first.Body, "secret-token") {
		t.Error("the list shows email bodies")
	}
	if r := sec.Get("/outbox?status=retrying"); !strings.Contains(r.Body, "No email is waiting for another attempt.") {
		t.Error("retrying list is not empty")
	}
	if dash := sec.Get("/dashboard"); !strings.Contains(dash.Body, "30 emails could not be delivered") {
		t.Error("dashboard banner count")
	}
	// In French too.
	sec.PostForm("/language", url.Values{"lang": {"fr"}, "next": {"/outbox"}})
	if r := sec.Get("/outbox"); !strings.Contains(r.Body, "E-mails non distribués") || !strings.Contains(r.Body, "Renvoyer") {
		t.Error("the list is not translated")
	}
}

// The JSON API lists undelivered emails and sends one again, for the
// secretariat only, with errors in the API's format.
func TestOutboxAPI(t *testing.T) {
	app := servertest.New(t)
	ids := failedRows(t, app, 3)
	api := app.APIClient(servertest.Secretariat)
	type item struct {
		ID, To, Subject, Status string
		LastError               string     `json:"last_error"`
		Attempts                int        `json:"attempts"`
		NextAttemptAt           *time.Time `json:"next_attempt_at"`
		LastAttemptAt           *time.Time `json:"last_attempt_at"`
	}
	var list struct {
		Items []item
		Total int
	}
	r := api.JSON("GET", "/api/v1/outbox?status=failed", nil)
	r.Decode(&list)
	if r.StatusCode != 200 || list.Total != 3 || len(list.Items) != 3 || list.Items[0].ID != ids[0] || list.Items[0].Attempts != 8 ||
		!strings.Contains(list.Items[0].LastError, "550") || list.Items[0].LastAttemptAt == nil || list.Items[0].To != "bulk00@test.example" {
		t.Fatalf("list: %d %s", r.StatusCode, r.Body)
	}
	if strings.Contains(r.Body, "secret-token") || strings.Contains(r.Body, `"body"`) {
		t.Error("the API shows email bodies")
	}

	var one item
	r = api.JSON("POST", "/api/v1/outbox/"+ids[1]+"/retry", nil)
	r.Decode(&one)
	if r.StatusCode != 200 || one.Status != "pending" || one.Attempts != 0 || one.NextAttemptAt == nil {
		t.Fatalf("retry: %d %s", r.StatusCode, r.Body)
	}
	r = api.JSON("GET", "/api/v1/outbox?status=retrying", nil)
	r.Decode(&list)
	if list.Total != 1 || list.Items[0].ID != ids[1] {
		t.Errorf("retrying list: %s", r.Body)
	}

	cases := []struct {
		name, method, path string
		client             *servertest.Client
		status             int
		code, field        string
	}{
		{"retry twice", "POST", "/api/v1/outbox/" + ids[1] + "/retry", api, 409, "conflict", ""},
		{"unknown email", "POST", "/api/v1/outbox/" + models.NewID() + "/retry", api, 404, "not_found", ""},
		{"bad status filter", "GET", "/api/v1/outbox?status=lost", api, 422, "validation_failed", "status"},
		{"manager lists", "GET", "/api/v1/outbox", app.APIClient(servertest.ManagerA), 403, "forbidden", ""},
		{"reviewer retries", "POST", "/api/v1/outbox/" + ids[2] + "/retry", app.APIClient(servertest.Reviewer1), 403, "forbidden", ""},
		{"no token", "GET", "/api/v1/outbox", app.Client(), 401, "unauthorized", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.client.JSON(tc.method, tc.path, nil)
			var body struct {
				Error struct {
					Code, Message string
					Fields        map[string]string
				}
			}
			r.Decode(&body)
			if r.StatusCode != tc.status || body.Error.Code != tc.code || body.Error.Message == "" || (tc.field != "" && body.Error.Fields[tc.field] == "") {
				t.Fatalf("%d %s", r.StatusCode, r.Body)
			}
		})
	}
	if row := outboxRow(t, app, ids[2]); row.Status != models.MailFailed {
		t.Error("a refused retry changed the email")
	}
}
