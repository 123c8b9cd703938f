package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// reviewed brings hotline A's assessment to "reviewed": both reviewers
// score every applicable criterion (value, except overrides) and submit.
func reviewed(t *testing.T, app *servertest.App, value int, overrides map[string]int) string {
	t.Helper()
	id := submitted(t, app)
	reviewAll(t, app, id, value, overrides)
	return id
}

// reviewAll has both fixture reviewers assigned to a submitted assessment
// score every applicable criterion value (or its override) and submit.
func reviewAll(t *testing.T, app *servertest.App, id string, value int, overrides map[string]int) {
	t.Helper()
	sec := app.APIClient(servertest.Secretariat)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
		}
	}
	q, _ := app.Svc.LoadQuestionnaire(context.Background(), assessments.Actor{User: app.Users[servertest.Secretariat]}, id)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		c := app.APIClient(key)
		for _, it := range q.Items() {
			if !it.Applicable {
				continue
			}
			v := value
			if o, ok := overrides[it.Criterion.Code]; ok {
				v = o
			}
			if r := score(c, id, it.Criterion.Code, v, "Checked against the evidence.", nil); r.StatusCode != 200 {
				t.Fatalf("score: %d %s", r.StatusCode, r.Body)
			}
		}
		if r := c.JSON("POST", "/api/v1/assessments/"+id+"/reviews", map[string]any{"recommendation": "accredit", "summary": "Fine."}); r.StatusCode != 201 {
			t.Fatalf("review: %d %s", r.StatusCode, r.Body)
		}
	}
}

type certJSON struct {
	Number     string `json:"number"`
	Hotline    string `json:"hotline"`
	Country    string `json:"country"`
	Status     string `json:"status"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
}

// The secretariat decides, the certificate is issued, verified publicly,
// listed in the register, then revoked: both change at once.
func TestDecisionCertificateAndPublicPages(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	sec := app.APIClient(servertest.Secretariat)
	mgr := app.APIClient(servertest.ManagerA)
	if r := mgr.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "x"}); r.StatusCode != 403 {
		t.Fatalf("manager decides: %d", r.StatusCode)
	}
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited"}); r.StatusCode != 422 || !strings.Contains(r.Body, `"rationale"`) {
		t.Fatalf("no rationale: %d %s", r.StatusCode, r.Body)
	}
	r := sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "Every criterion met.", "conditions": []any{}})
	if r.StatusCode != 201 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	var dec struct {
		Outcome     string   `json:"outcome"`
		Certificate certJSON `json:"certificate"`
	}
	r.Decode(&dec)
	num := dec.Certificate.Number
	from, _ := time.Parse(time.RFC3339, dec.Certificate.ValidFrom)
	until, _ := time.Parse(time.RFC3339, dec.Certificate.ValidUntil)
	if dec.Outcome != "accredited" || !strings.HasPrefix(num, "MCE-") || !strings.Contains(num, "-GR-") || until.Sub(from) < 3*365*24*time.Hour {
		t.Fatalf("decision: %s", r.Body)
	}
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "again"}); r.StatusCode != 409 {
		t.Fatalf("second decision: %d", r.StatusCode)
	}
	// Public verification, HTML and JSON, without signing in.
	anon := app.Client()
	var pub certJSON
	pr := anon.JSON("GET", "/api/v1/public/certificates/"+num, nil)
	pr.Decode(&pub)
	if pr.StatusCode != 200 || pub.Status != "valid" || pub.Hotline != app.HotlineA.Name || pub.Country != "GR" {
		t.Fatalf("public JSON: %d %s", pr.StatusCode, pr.Body)
	}
	for _, private := range []string{"score", "comment", "Rita", "email", "reviewer"} {
		if strings.Contains(pr.Body, private) {
			t.Errorf("public JSON exposes %q", private)
		}
	}
	if p := anon.Get("/verify/" + num); p.StatusCode != 200 || !strings.Contains(p.Body, "Valid accreditation") || !strings.Contains(p.Body, app.HotlineA.Name) {
		t.Fatalf("verify page: %d", p.StatusCode)
	}
	if p := anon.Get("/verify/MCE-1999-XX-0001"); p.StatusCode != 404 || !strings.Contains(p.Body, "No certificate has the number") {
		t.Fatalf("unknown number page: %d", p.StatusCode)
	}
	if r := anon.JSON("GET", "/api/v1/public/certificates/NOPE", nil); r.StatusCode != 404 {
		t.Fatalf("unknown number JSON: %d", r.StatusCode)
	}
	if reg := anon.JSON("GET", "/api/v1/public/register", nil); !strings.Contains(reg.Body, num) {
		t.Fatal("register lacks the certificate")
	}
	if reg := anon.JSON("GET", "/api/v1/public/register?country=BG", nil); strings.Contains(reg.Body, num) {
		t.Fatal("country filter")
	}
	if p := anon.Get("/register?country=GR"); !strings.Contains(p.Body, "/verify/"+num) {
		t.Fatal("register page")
	}
	// The manager now sees scores and comments, and the certificate.
	if p := app.SignIn(servertest.ManagerA).Get("/assessments/" + id + "/results"); p.StatusCode != 200 || !strings.Contains(p.Body, "Checked against the evidence.") {
		t.Fatalf("results page for the manager: %d", p.StatusCode)
	}
	if r := mgr.JSON("GET", "/api/v1/certificates/"+num, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"hotline_id":"`+app.HotlineA.ID) {
		t.Fatalf("manager certificate: %d %s", r.StatusCode, r.Body)
	}
	if r := app.APIClient(servertest.ManagerB).JSON("GET", "/api/v1/certificates/"+num, nil); r.StatusCode != 404 {
		t.Fatalf("other manager: %d", r.StatusCode)
	}
	// Suspend, reinstate, revoke: the public pages change at once.
	steps := []struct {
		action, reason, want string
		code                 int
		inRegister           bool
	}{
		{"suspend", "", "", 422, true},
		{"suspend", "24/7 line down for two weeks", "suspended", 200, false},
		{"reinstate", "", "valid", 200, true},
		{"revoke", "Lost the right to operate 116 000", "revoked", 200, false},
		{"suspend", "again", "", 409, false},
	}
	for _, st := range steps {
		r := sec.JSON("POST", "/api/v1/certificates/"+num+"/"+st.action, map[string]string{"reason": st.reason})
		if r.StatusCode != st.code {
			t.Fatalf("%s: %d %s", st.action, r.StatusCode, r.Body)
		}
		if st.code != 200 {
			continue
		}
		anon.JSON("GET", "/api/v1/public/certificates/"+num, nil).Decode(&pub)
		reg := anon.JSON("GET", "/api/v1/public/register", nil)
		if pub.Status != st.want || strings.Contains(reg.Body, num) != st.inRegister {
			t.Fatalf("after %s: status %s, in register %v", st.action, pub.Status, strings.Contains(reg.Body, num))
		}
	}
	if p := anon.Get("/verify/" + num); !strings.Contains(p.Body, "Revoked") || !strings.Contains(p.Body, "Lost the right to operate 116 000") {
		t.Fatal("verify page after revocation")
	}
	// The lists say the status of each certificate, for the secretariat
	// and for the hotline's manager.
	for _, key := range []string{servertest.Secretariat, servertest.ManagerA} {
		if p := app.SignIn(key).Get("/certificates"); p.StatusCode != 200 || !strings.Contains(p.Body, "/certificates/"+num) || !strings.Contains(p.Body, "Revoked") {
			t.Errorf("certificate list for %s: %d", key, p.StatusCode)
		}
	}
	if r := mgr.JSON("POST", "/api/v1/certificates/"+num+"/revoke", map[string]string{"reason": "x"}); r.StatusCode != 403 {
		t.Fatalf("manager revokes: %d", r.StatusCode)
	}
	for _, action := range []string{"assessment.decide", "certificate.suspend", "certificate.reinstate", "certificate.revoke"} {
		if app.AuditCount(action) != 1 {
			t.Errorf("%s not audited once", action)
		}
	}
}

func TestCertificateExpiry(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	r := app.APIClient(servertest.Secretariat).JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "ok"})
	var dec struct{ Certificate certJSON }
	r.Decode(&dec)
	app.Clock.Advance(3*365*24*time.Hour + 48*time.Hour)
	var pub certJSON
	app.Client().JSON("GET", "/api/v1/public/certificates/"+dec.Certificate.Number, nil).Decode(&pub)
	if pub.Status != "expired" {
		t.Fatalf("after three years: %s", pub.Status)
	}
	if reg := app.Client().JSON("GET", "/api/v1/public/register", nil); strings.Contains(reg.Body, dec.Certificate.Number) {
		t.Fatal("an expired certificate is in the register")
	}
}

func TestDecisionRulesForConditionsAndDeparture(t *testing.T) {
	app := servertest.New(t)
	// GOV-01 (mandatory) at 2 => accredited with conditions proposed.
	id := reviewed(t, app, 3, map[string]int{"GOV-01": 2})
	web := app.SignIn(servertest.Secretariat)
	form := web.Get("/assessments/" + id + "/decision")
	if !strings.Contains(form.Body, "Proposed outcome: Accredited with conditions") || !strings.Contains(form.Body, `value="GOV-01: "`) {
		t.Fatalf("decision form: %d", form.StatusCode)
	}
	// Conditions need a deadline; the page keeps what was typed.
	r := web.PostForm("/assessments/"+id+"/decision", url.Values{
		"outcome": {"accredited_with_conditions"}, "rationale": {"Audited accounts missing."},
		"condition_text": {"GOV-01: publish audited accounts"}, "condition_deadline": {""},
	})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "publish audited accounts") || !strings.Contains(r.Body, "deadline") {
		t.Fatalf("condition without deadline: %d", r.StatusCode)
	}
	// Departing from the proposal needs a reason (the rationale serves
	// when none is given separately, but one of them must be there).
	r = web.PostForm("/assessments/"+id+"/decision", url.Values{"outcome": {"accredited"}, "rationale": {""}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "departs from the proposed outcome") {
		t.Fatalf("departure without reason: %d", r.StatusCode)
	}
	deadline := time.Now().AddDate(0, 6, 0).Format("2006-01-02")
	r = web.PostForm("/assessments/"+id+"/decision", url.Values{
		"outcome": {"accredited_with_conditions"}, "rationale": {"Audited accounts missing."},
		"condition_text": {"GOV-01: publish audited accounts"}, "condition_deadline": {deadline},
	})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/certificates/MCE-") {
		t.Fatalf("decide with conditions: %d %s", r.StatusCode, r.Body)
	}
	var cond models.Condition
	app.DB.Where("assessment_id = ?", id).Take(&cond)
	mgr := app.SignIn(servertest.ManagerA)
	if r := mgr.PostForm("/conditions/"+cond.ID+"/evidence", url.Values{"note": {"Published on our website."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("condition evidence: %d", r.StatusCode)
	}
	if r := web.PostForm("/conditions/"+cond.ID+"/accept", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept condition: %d", r.StatusCode)
	}
	app.DB.Where("id = ?", cond.ID).Take(&cond)
	if cond.Status != "accepted" {
		t.Fatalf("condition status %s", cond.Status)
	}
}

func TestOverdueConditionOnDashboard(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 3, map[string]int{"GOV-01": 2})
	app.APIClient(servertest.Secretariat).JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{
		"outcome": "accredited_with_conditions", "rationale": "ok",
		"conditions": []map[string]string{{"text": "Publish audited accounts", "due_at": time.Now().AddDate(0, 1, 0).Format("2006-01-02")}},
	})
	sec := app.SignIn(servertest.Secretariat)
	if strings.Contains(sec.Get("/dashboard").Body, "Publish audited accounts") {
		t.Fatal("flagged before the deadline")
	}
	app.Clock.Advance(40 * 24 * time.Hour)
	if d := sec.Get("/dashboard"); !strings.Contains(d.Body, "Follow up the overdue condition") || !strings.Contains(d.Body, "Publish audited accounts") {
		t.Fatal("overdue condition not flagged")
	}
}

// Concurrent decisions on one assessment: exactly one wins.
func TestConcurrentDecisions(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	sec := app.APIClient(servertest.Secretariat)
	const n = 12
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i] = sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "race"}).StatusCode
		}(i)
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case 201:
			won++
		case 409:
		default:
			t.Errorf("status %d", c)
		}
	}
	var certs int64
	app.DB.Model(&models.Certificate{}).Where("assessment_id = ?", id).Count(&certs)
	if won != 1 || certs != 1 {
		t.Fatalf("%d decisions won, %d certificates", won, certs)
	}
}

func TestExpiryRemindersAreSentOnce(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	app.APIClient(servertest.Secretariat).JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "ok"})
	ctx := context.Background()
	if n, _ := app.Svc.SendExpiryReminders(ctx); n != 0 {
		t.Fatalf("reminders right after issue: %d", n)
	}
	app.Clock.Advance(830 * 24 * time.Hour) // a little more than 27 months
	n, err := app.Svc.SendExpiryReminders(ctx)
	if err != nil || n != 1 {
		t.Fatalf("9-month reminder: %d %v", n, err)
	}
	if n, _ := app.Svc.SendExpiryReminders(ctx); n != 0 {
		t.Fatalf("the job ran twice on one day: %d", n)
	}
	app.Clock.Advance(24 * time.Hour)
	if n, _ := app.Svc.SendExpiryReminders(ctx); n != 0 {
		t.Fatalf("the same reminder twice: %d", n)
	}
	mails := app.Outbox(app.Users[servertest.ManagerA].Email)
	if last := mails[len(mails)-1]; !strings.Contains(last.Subject, "9 months") {
		t.Fatalf("reminder email: %q", last.Subject)
	}
}

func TestCertificateAndReportPDFs(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	sec := app.APIClient(servertest.Secretariat)
	var dec struct{ Certificate certJSON }
	sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "ok"}).Decode(&dec)
	num := dec.Certificate.Number
	first := app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/certificates/"+num+"/pdf", nil)
	second := sec.JSON("GET", "/api/v1/certificates/"+num+"/pdf", nil)
	if first.StatusCode != 200 || first.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(first.Body, "%PDF-") {
		t.Fatalf("certificate PDF: %d %s", first.StatusCode, first.Header.Get("Content-Type"))
	}
	if first.Body != second.Body {
		t.Fatal("downloading the certificate again gives a different file")
	}
	// Renaming the hotline later does not change the issued certificate.
	h, _ := app.Svc.GetHotline(context.Background(), servertest.SystemActor(), app.HotlineA.ID)
	in := assessments.HotlineInputFrom(h)
	in.Name = "Renamed later"
	if _, err := app.Svc.UpdateHotline(context.Background(), servertest.SystemActor(), h.ID, h.Version, in); err != nil {
		t.Fatal(err)
	}
	if third := sec.JSON("GET", "/api/v1/certificates/"+num+"/pdf", nil); third.Body != first.Body {
		t.Fatal("the certificate changed after the hotline was renamed")
	}
	if r := app.APIClient(servertest.ManagerB).JSON("GET", "/api/v1/certificates/"+num+"/pdf", nil); r.StatusCode != 404 {
		t.Fatalf("another manager downloads it: %d", r.StatusCode)
	}
	report := app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/assessments/"+id+"/report.pdf", nil)
	if report.StatusCode != 200 || !strings.HasPrefix(report.Body, "%PDF-") {
		t.Fatalf("report: %d %.200s", report.StatusCode, report.Body)
	}
}
