package assessments_test

import (
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

var (
	t0     = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	before = t0.Add(-time.Hour)
	later  = t0.Add(24 * time.Hour)
)

func timep(t time.Time) *time.Time { return &t }

// A certificate is revoked, else suspended while a suspension runs, else
// expired from its end date, else valid.
func TestCertificateStatus(t *testing.T) {
	t.Parallel()
	base := models.Certificate{ValidFrom: t0.AddDate(-1, 0, 0), ValidUntil: t0.AddDate(2, 0, 0)}
	with := func(f func(*models.Certificate)) *models.Certificate { c := base; f(&c); return &c }
	cases := []struct {
		name string
		c    *models.Certificate
		at   time.Time
		want string
	}{
		{"valid", with(func(*models.Certificate) {}), t0, models.CertValid},
		{"on its last day", with(func(*models.Certificate) {}), base.ValidUntil.Add(-time.Second), models.CertValid},
		{"expired at its end", with(func(*models.Certificate) {}), base.ValidUntil, models.CertExpired},
		{"suspended without end", with(func(c *models.Certificate) { c.SuspendedAt = timep(before) }), t0, models.CertSuspended},
		{"suspended until later", with(func(c *models.Certificate) { c.SuspendedAt, c.SuspendedUntil = timep(before), timep(later) }), t0, models.CertSuspended},
		{"suspension over", with(func(c *models.Certificate) { c.SuspendedAt, c.SuspendedUntil = timep(before), timep(later) }), later, models.CertValid},
		{"revoked", with(func(c *models.Certificate) { c.RevokedAt = timep(before) }), t0, models.CertRevoked},
		{"revoked wins over suspended", with(func(c *models.Certificate) { c.RevokedAt, c.SuspendedAt = timep(before), timep(before) }), t0, models.CertRevoked},
		{"revoked wins over expired", with(func(c *models.Certificate) { c.RevokedAt = timep(before) }), base.ValidUntil.AddDate(1, 0, 0), models.CertRevoked},
		{"suspended wins over expired", with(func(c *models.Certificate) { c.SuspendedAt = timep(before) }), base.ValidUntil.AddDate(1, 0, 0), models.CertSuspended},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.c.StatusAt(c.at); got != c.want {
				t.Fatalf("got %s", got)
			}
		})
	}
}

// Suspend, reinstate and revoke, by the state of the certificate.
func TestCertificateActionRules(t *testing.T) {
	t.Parallel()
	valid := &models.Certificate{}
	suspended := &models.Certificate{SuspendedAt: timep(before)}
	revoked := &models.Certificate{RevokedAt: timep(before)}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"suspend a valid one", assessments.CheckSuspend(valid, nil, t0), ""},
		{"suspend until a later date", assessments.CheckSuspend(valid, timep(later), t0), ""},
		{"suspend until a past date", assessments.CheckSuspend(valid, timep(before), t0), "field:until=error.until_past"},
		{"suspend until now", assessments.CheckSuspend(valid, timep(t0), t0), "field:until=error.until_past"},
		{"suspend again", assessments.CheckSuspend(suspended, nil, t0), ""},
		{"suspend a revoked one", assessments.CheckSuspend(revoked, nil, t0), "conflict:error.certificate_revoked"},
		{"reinstate a suspended one", assessments.CheckReinstate(suspended), ""},
		{"reinstate a valid one", assessments.CheckReinstate(valid), "conflict:error.certificate_not_suspended"},
		{"reinstate a revoked one", assessments.CheckReinstate(&models.Certificate{RevokedAt: timep(before), SuspendedAt: timep(before)}), "conflict:error.certificate_not_suspended"},
		{"revoke a valid one", assessments.CheckRevoke(valid), ""},
		{"revoke a suspended one", assessments.CheckRevoke(suspended), ""},
		{"revoke twice", assessments.CheckRevoke(revoked), "conflict:error.certificate_revoked"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expectErr(t, c.err, c.want) })
	}
}

// The secretariat sees every certificate, a manager their hotline's,
// anyone else none.
func TestCertificateScope(t *testing.T) {
	t.Parallel()
	hotline := "0190d6a4-0000-7000-8000-00000000000a"
	cases := []struct {
		name string
		user *models.User
		want models.Scope
	}{
		{"secretariat", &models.User{Role: models.RoleSecretariat}, models.Scope{All: true}},
		{"manager", &models.User{Role: models.RoleManager, HotlineID: &hotline}, models.Scope{HotlineID: hotline}},
		{"manager without hotline", &models.User{Role: models.RoleManager}, models.NoScope},
		{"reviewer", &models.User{ID: "r", Role: models.RoleReviewer}, models.NoScope},
		{"nobody", nil, models.NoScope},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := assessments.CertificateScopeOf(assessments.Actor{User: c.user}); got != c.want {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

// The register shows each hotline's newest certificate, and only when it
// is valid (input ordered newest first per hotline, as the query gives):
// B's newest is suspended, C's suspension is over, D's has expired.
func TestRegisterEntries(t *testing.T) {
	t.Parallel()
	cert := func(number, hotline string, f func(*models.Certificate)) models.Certificate {
		c := models.Certificate{Number: number, HotlineID: hotline, ValidFrom: t0.AddDate(-1, 0, 0), ValidUntil: t0.AddDate(2, 0, 0)}
		f(&c)
		return c
	}
	none := func(*models.Certificate) {}
	certs := []models.Certificate{
		cert("A-2", "A", none),
		cert("A-1", "A", none),
		cert("B-2", "B", func(c *models.Certificate) { c.SuspendedAt = timep(before) }),
		cert("B-1", "B", none),
		cert("C-1", "C", func(c *models.Certificate) {
			c.SuspendedAt, c.SuspendedUntil = timep(before.Add(-time.Hour)), timep(before)
		}),
		cert("D-1", "D", func(c *models.Certificate) { c.ValidUntil = before }),
	}
	var got []string
	for _, c := range assessments.RegisterEntries(certs, t0) {
		got = append(got, c.Number)
	}
	if strings.Join(got, " ") != "A-2 C-1" {
		t.Fatalf("got %v", got)
	}
}

// The certificate actions, step by step, and what the public pages show.
func TestCertificateActions(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	sec := env.Actor(domaintest.Secretariat)
	_, cert, err := env.Svc.Decide(ctx, sec, id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met."})
	if err != nil {
		t.Fatal(err)
	}
	n := cert.Number
	until := env.Clock.Now().AddDate(0, 1, 0)
	past := env.Clock.Now().AddDate(0, 0, -1)
	do := func(action string, a assessments.Actor, number, reason string, until *time.Time) error {
		var err error
		switch action {
		case "suspend":
			_, err = env.Svc.Suspend(ctx, a, number, reason, until)
		case "reinstate":
			_, err = env.Svc.Reinstate(ctx, a, number, reason)
		case "revoke":
			_, err = env.Svc.Revoke(ctx, a, number, reason)
		}
		return err
	}
	steps := []struct {
		name, action   string
		actor          assessments.Actor
		number, reason string
		until          *time.Time
		want, status   string
	}{
		{"the manager suspends", "suspend", env.Actor(domaintest.ManagerA), n, "x", nil, "forbidden", models.CertValid},
		{"another manager suspends", "suspend", env.Actor(domaintest.ManagerB), n, "x", nil, "not found", models.CertValid},
		{"a reviewer revokes", "revoke", env.Actor(domaintest.Reviewer1), n, "x", nil, "not found", models.CertValid},
		{"an unknown number", "suspend", sec, "MCE-1999-XX-0001", "x", nil, "not found", models.CertValid},
		{"suspend without reason", "suspend", sec, n, " ", nil, "field:reason=error.reason_required", models.CertValid},
		{"suspend until yesterday", "suspend", sec, n, "Audit", &past, "field:until", models.CertValid},
		{"reinstate a valid one", "reinstate", sec, n, "", nil, "conflict:error.certificate_not_suspended", models.CertValid},
		{"suspend", "suspend", sec, " " + n + " ", "Complaint under review", &until, "", models.CertSuspended},
		{"reinstate without reason", "reinstate", sec, n, "", nil, "", models.CertValid},
		{"revoke without reason", "revoke", sec, n, "", nil, "field:reason", models.CertValid},
		{"revoke", "revoke", sec, n, "Service closed", nil, "", models.CertRevoked},
		{"revoke twice", "revoke", sec, n, "Again", nil, "conflict:error.certificate_revoked", models.CertRevoked},
		{"suspend a revoked one", "suspend", sec, n, "x", nil, "conflict:error.certificate_revoked", models.CertRevoked},
	}
	for _, st := range steps {
		err := do(st.action, st.actor, st.number, st.reason, st.until)
		t.Run(st.name, func(t *testing.T) {
			expectErr(t, err, st.want)
			pub, err := env.Svc.VerifyCertificate(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			if pub.Status != st.status {
				t.Fatalf("public status %s, want %s", pub.Status, st.status)
			}
			register, err := env.Svc.Register(ctx, "gr")
			if err != nil {
				t.Fatal(err)
			}
			if listed := len(register) == 1; listed != (st.status == models.CertValid) {
				t.Fatalf("register lists %d with status %s", len(register), st.status)
			}
		})
	}
	pub, _ := env.Svc.VerifyCertificate(ctx, n)
	if pub.Reason != "Service closed" {
		t.Fatalf("public reason %q", pub.Reason)
	}
	if _, err := env.Svc.VerifyCertificate(ctx, "MCE-1999-XX-0001"); err == nil {
		t.Fatal("an unknown number verified")
	}
	if n := env.AuditCount("certificate.suspend") + env.AuditCount("certificate.reinstate") + env.AuditCount("certificate.revoke"); n != 3 {
		t.Fatalf("%d changes audited", n)
	}
}

// Who sees which certificate, and expiry by the clock.
func TestCertificateVisibilityAndExpiry(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	_, cert, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met."})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		key   string
		sees  bool
		count int64
	}{
		{domaintest.Secretariat, true, 1},
		{domaintest.ManagerA, true, 1},
		{domaintest.ManagerB, false, 0},
		{domaintest.Reviewer1, false, 0},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			_, err := env.Svc.GetCertificate(ctx, env.Actor(c.key), cert.Number)
			if (err == nil) != c.sees {
				t.Fatalf("get: %v", err)
			}
			of, err := env.Svc.CertificateForAssessment(ctx, env.Actor(c.key), id)
			if err != nil || (of != nil) != c.sees {
				t.Fatalf("for assessment: %v %v", of, err)
			}
			_, total, err := env.Svc.ListCertificates(ctx, env.Actor(c.key), assessments.Page{})
			if err != nil || total != c.count {
				t.Fatalf("list: %d %v", total, err)
			}
		})
	}
	env.Clock.Advance(3*365*24*time.Hour + 24*time.Hour)
	if got := env.Svc.CertificateStatus(cert); got != models.CertExpired {
		t.Fatalf("after three years: %s", got)
	}
	if reg, _ := env.Svc.Register(ctx, ""); len(reg) != 0 {
		t.Fatal("an expired certificate is in the register")
	}
}

// The certificate PDF is rendered once at issue: every download is the
// same document; the report waits for the decision.
func TestCertificateAndReportPDF(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	sec := env.Actor(domaintest.Secretariat)
	_, err := env.Svc.ReportPDF(ctx, sec, id, "en")
	expectErr(t, err, "conflict:error.report_before_decision")
	_, cert, err := env.Svc.Decide(ctx, sec, id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met."})
	if err != nil {
		t.Fatal(err)
	}
	first, _, err := env.Svc.CertificatePDF(ctx, sec, cert.Number)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	again, _, err := env.Svc.CertificatePDF(ctx, env.Actor(domaintest.ManagerA), cert.Number)
	if err != nil || string(again) != string(first) || !strings.HasPrefix(string(first), "%PDF") {
		t.Fatalf("second download differs (%v)", err)
	}
	_, _, err = env.Svc.CertificatePDF(ctx, env.Actor(domaintest.ManagerB), cert.Number)
	expectErr(t, err, "not found")
	report, err := env.Svc.ReportPDF(ctx, env.Actor(domaintest.ManagerA), id, "fr")
	if err != nil || !strings.HasPrefix(string(report), "%PDF") {
		t.Fatalf("report: %v", err)
	}
}
