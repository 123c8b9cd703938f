package assessments_test

import (
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// appealFixture is an assessment of hotline A (Greece) decided with an
// outcome, and an appeal lodged against it.
type appealFixture struct {
	env      *domaintest.Env
	id       string // the assessment
	appeal   string
	panelist *models.User // an eligible reviewer (Sweden)
	second   *models.User // another eligible reviewer (Ireland)
}

func (f appealFixture) sec() assessments.Actor { return f.env.Actor(domaintest.Secretariat) }
func (f appealFixture) mgr() assessments.Actor { return f.env.Actor(domaintest.ManagerA) }

// decidedWith decides a reviewed assessment of hotline A with an outcome
// (scores of 4, so that any outcome is a departure the rationale covers).
func decidedWith(t *testing.T, env *domaintest.Env, outcome string) string {
	t.Helper()
	id := reviewed(t, env, 4, nil)
	in := assessments.DecisionInput{Outcome: outcome, Rationale: "Decided for the appeal test."}
	if outcome == models.OutcomeWithConditions {
		in.Conditions = []assessments.ConditionInput{{Text: "Publish accounts", Deadline: env.Clock.Now().AddDate(0, 6, 0).Format("2006-01-02")}}
	}
	if _, _, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, in); err != nil {
		t.Fatal(err)
	}
	return id
}

// newAppeal lodges an appeal against a decision with outcome.
func newAppeal(t *testing.T, outcome string) appealFixture {
	t.Helper()
	env := domaintest.New(t, nil)
	f := appealFixture{env: env, id: decidedWith(t, env, outcome)}
	f.panelist = newUser(t, env, assessments.UserInput{Email: "panel.se@test.example", Name: "Sven Panel", Role: "reviewer", Country: "SE"})
	f.second = newUser(t, env, assessments.UserInput{Email: "panel.ie@test.example", Name: "Siobhán Panel", Role: "reviewer", Country: "IE"})
	ap, err := env.Svc.LodgeAppeal(ctx, f.mgr(), f.id, "The reviewers misread our evidence on LEG-01.")
	if err != nil {
		t.Fatal(err)
	}
	f.appeal = ap.ID
	return f
}

// heard forms the panel of the fixture's two eligible reviewers, and the
// first gives a view.
func (f appealFixture) heard(t *testing.T) {
	t.Helper()
	if _, err := f.env.Svc.FormPanel(ctx, f.sec(), f.appeal, []string{f.panelist.ID, f.second.ID}); err != nil {
		t.Fatal(err)
	}
	if err := f.env.Svc.RecordView(ctx, actorOf(f.panelist), f.appeal, assessments.AppealViewInput{View: "overturn", Rationale: "LEG-01 is met."}); err != nil {
		t.Fatal(err)
	}
}

// The panel's rules, one member at a time: nobody who reviewed the
// assessment, took the decision, shares the hotline's country or declared
// a conflict with it (409, no override); only active reviewers and
// secretariat members (422).
func TestAppealPanelRules(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeNotAccredited)
	env := f.env
	greek := newUser(t, env, assessments.UserInput{Email: "gr.reviewer@test.example", Name: "Νίκος Ελληνικός", Role: "reviewer", Country: "GR"})
	conflicted := newUser(t, env, assessments.UserInput{Email: "conflicted@test.example", Name: "Conny Conflict", Role: "reviewer", Country: "NL"})
	if _, err := env.Svc.DeclareConflict(ctx, actorOf(conflicted), conflicted.ID, env.HotlineA.ID, "Former employee."); err != nil {
		t.Fatal(err)
	}
	disabled := newUser(t, env, assessments.UserInput{Email: "disabled@test.example", Name: "Dis Abled", Role: "reviewer", Country: "FI"})
	if err := env.Svc.SetUserDisabled(ctx, f.sec(), disabled.ID, true); err != nil {
		t.Fatal(err)
	}
	otherSec := newUser(t, env, assessments.UserInput{Email: "sec2@test.example", Name: "Second Secretariat", Role: "secretariat", Country: "NL"})
	cases := []struct {
		name, user, want string
	}{
		{"reviewed the assessment", env.Users[domaintest.Reviewer1].ID, "conflict:error.appeal.member_reviewed"},
		{"took the decision", env.Users[domaintest.Secretariat].ID, "conflict:error.appeal.member_decided"},
		{"same country as the hotline", greek.ID, "conflict:error.appeal.member_same_country"},
		{"declared a conflict", conflicted.ID, "conflict:error.appeal.member_conflict"},
		{"disabled", disabled.ID, "field:user_ids=error.appeal.member_unknown"},
		{"a manager", env.Users[domaintest.ManagerB].ID, "field:user_ids=error.appeal.member_unknown"},
		{"unknown", models.NewID(), "field:user_ids=error.appeal.member_unknown"},
		{"none", "", "field:user_ids=error.appeal.panel_required"},
		{"eligible reviewer", f.panelist.ID, ""},
		{"eligible secretariat member", otherSec.ID, ""},
	}
	for _, c := range cases {
		_, err := env.Svc.FormPanel(ctx, f.sec(), f.appeal, []string{c.user})
		t.Run(c.name, func(t *testing.T) { expectErr(t, err, c.want) })
	}
	cands, err := env.Svc.PanelCandidates(ctx, f.sec(), f.appeal)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, c := range cands {
		reasons[c.User.ID] = c.Reason
		if c.Member != (c.User.ID == f.panelist.ID || c.User.ID == otherSec.ID) {
			t.Errorf("%s: member %v", c.User.Name, c.Member)
		}
	}
	if reasons[greek.ID] != "error.appeal.member_same_country" || reasons[f.second.ID] != "" || reasons[env.Users[domaintest.Reviewer2].ID] != "error.appeal.member_reviewed" {
		t.Errorf("candidates' reasons: %v", reasons)
	}
	if _, ok := reasons[disabled.ID]; ok {
		t.Error("a disabled user is a candidate")
	}
	d, err := env.Svc.GetAppeal(ctx, f.sec(), f.appeal)
	due := env.Clock.Now().AddDate(0, 0, env.Svc.Options().ReviewDays)
	if err != nil || d.Appeal.Status != models.AppealPanel || len(d.Members) != 2 || d.Appeal.ViewsDueAt == nil ||
		d.Appeal.ViewsDueAt.After(due) || d.Appeal.ViewsDueAt.Before(due.Add(-time.Minute)) {
		t.Fatalf("after forming the panel: %+v, %v", d, err)
	}
	if _, err := env.Svc.FormPanel(ctx, f.mgr(), f.appeal, []string{f.second.ID}); err != assessments.ErrForbidden {
		t.Fatalf("a manager forms a panel: %v", err)
	}
}

// The window: within AppealDays of the decision, not after, never with 0
// days; one open appeal at a time, a new one once it is withdrawn; only
// decided assessments, only the hotline's manager, grounds required.
func TestAppealWindow(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil, func(o *assessments.Options) { o.AppealDays = 10 })
	id := decidedWith(t, env, models.OutcomeAccredited)
	mgr := env.Actor(domaintest.ManagerA)
	_, err := env.Svc.LodgeAppeal(ctx, env.Actor(domaintest.ManagerB), id, "x")
	expectErr(t, err, "not found")
	_, err = env.Svc.LodgeAppeal(ctx, env.Actor(domaintest.Secretariat), id, "x")
	expectErr(t, err, "forbidden")
	_, err = env.Svc.LodgeAppeal(ctx, mgr, id, "  ")
	expectErr(t, err, "field:grounds=error.appeal.grounds_required")
	first, err := env.Svc.LodgeAppeal(ctx, mgr, id, "Wrong.")
	expectErr(t, err, "")
	_, err = env.Svc.LodgeAppeal(ctx, mgr, id, "Again.")
	expectErr(t, err, "conflict:error.appeal.open_exists")
	if _, err := env.Svc.WithdrawAppeal(ctx, mgr, first.ID); err != nil {
		t.Fatal(err)
	}
	_, err = env.Svc.WithdrawAppeal(ctx, mgr, first.ID)
	expectErr(t, err, "conflict:error.appeal.closed")
	env.Clock.Advance(9 * 24 * time.Hour)
	second, err := env.Svc.LodgeAppeal(ctx, mgr, id, "Still wrong.")
	expectErr(t, err, "")
	if _, err := env.Svc.WithdrawAppeal(ctx, mgr, second.ID); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(2 * 24 * time.Hour)
	_, err = env.Svc.LodgeAppeal(ctx, mgr, id, "Late.")
	expectErr(t, err, "conflict:error.appeal.late")
	if status(t, env, id) != models.StatusDecided {
		t.Fatal("the assessment left decided")
	}
	if env.AuditCount("appeal.lodge") != 2 || env.AuditCount("appeal.withdraw") != 2 {
		t.Fatalf("audit: %d lodged, %d withdrawn", env.AuditCount("appeal.lodge"), env.AuditCount("appeal.withdraw"))
	}

	closed := domaintest.New(t, nil, func(o *assessments.Options) { o.AppealDays = 0 })
	id = decidedWith(t, closed, models.OutcomeNotAccredited)
	_, err = closed.Svc.LodgeAppeal(ctx, closed.Actor(domaintest.ManagerA), id, "Wrong.")
	expectErr(t, err, "conflict:error.appeal.window_closed")

	draft := env.StartAssessment(domaintest.ManagerA)
	_, err = env.Svc.LodgeAppeal(ctx, mgr, draft.ID, "Too early.")
	expectErr(t, err, "conflict:error.appeal.not_decided")
}

// Only the panel gives views: anyone else, the secretariat and the
// hotline included, gets 404; a member who stepped down cannot; a
// declared conflict is recorded for future assignments. The hotline sees
// members by number only.
func TestAppealMembersOnly(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeAccredited)
	env := f.env
	if _, err := env.Svc.FormPanel(ctx, f.sec(), f.appeal, []string{f.panelist.ID, f.second.ID}); err != nil {
		t.Fatal(err)
	}
	view := assessments.AppealViewInput{View: "uphold", Rationale: "The evidence was weighed fairly."}
	for _, key := range []string{domaintest.Secretariat, domaintest.ManagerA, domaintest.ManagerB, domaintest.Reviewer1} {
		expectErr(t, env.Svc.RecordView(ctx, env.Actor(key), f.appeal, view), "not found")
		expectErr(t, env.Svc.DeclineAppeal(ctx, env.Actor(key), f.appeal, assessments.AppealDeclineInput{Reason: "x"}), "not found")
	}
	for _, key := range []string{domaintest.ManagerB, domaintest.Reviewer1} {
		_, err := env.Svc.GetAppeal(ctx, env.Actor(key), f.appeal)
		expectErr(t, err, "not found")
	}
	expectErr(t, env.Svc.RecordView(ctx, actorOf(f.panelist), f.appeal, assessments.AppealViewInput{View: "maybe"}), "field:view=error.appeal.view")
	expectErr(t, env.Svc.RecordView(ctx, actorOf(f.panelist), f.appeal, view), "")
	expectErr(t, env.Svc.DeclineAppeal(ctx, actorOf(f.second), f.appeal, assessments.AppealDeclineInput{Reason: "  ", Conflict: true}), "field:reason")
	expectErr(t, env.Svc.DeclineAppeal(ctx, actorOf(f.second), f.appeal, assessments.AppealDeclineInput{Reason: "I advised them in 2025.", Conflict: true}), "")
	expectErr(t, env.Svc.RecordView(ctx, actorOf(f.second), f.appeal, view), "conflict:error.appeal.member_left")
	conflicts, err := env.Svc.Conflicts(ctx, f.sec(), f.second.ID)
	if err != nil || len(conflicts) != 1 || conflicts[0].HotlineID != env.HotlineA.ID {
		t.Fatalf("declared conflict: %v %v", conflicts, err)
	}
	_, err = env.Svc.FormPanel(ctx, f.sec(), f.appeal, []string{f.second.ID})
	expectErr(t, err, "conflict:error.appeal.member_conflict")

	d, err := env.Svc.GetAppeal(ctx, f.mgr(), f.appeal)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Members {
		if m.UserID != "" || m.User == nil || m.User.Name != "" || m.View != "" || m.Rationale != "" {
			t.Fatalf("the hotline sees a member: %+v %+v", m, m.User)
		}
	}
	if d.Dossier != nil {
		t.Fatal("the hotline gets the dossier through the appeal")
	}
	mine, err := env.Svc.GetAppeal(ctx, actorOf(f.panelist), f.appeal)
	if err != nil || mine.Me == nil || mine.Dossier == nil || mine.DossierContent == nil || len(mine.DossierContent.Answers) == 0 {
		t.Fatalf("the member's view of the appeal: %+v, %v", mine, err)
	}
	kinds := []string{}
	for _, e := range d.Events {
		kinds = append(kinds, e.Kind+"/"+e.ActorRole)
	}
	if got := strings.Join(kinds, " "); got != "lodged/manager panel/secretariat view/panel conflict/panel" {
		t.Fatalf("timeline: %s", got)
	}
	if len(env.Outbox(f.panelist.Email)) == 0 || len(env.Outbox("manager.a@test.example")) == 0 {
		t.Fatal("the panel member or the manager got no email")
	}
}

// Upheld: the decision, the certificate and the register stay as they
// were. A decision needs a heard panel.
func TestAppealUpheld(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeAccredited)
	env := f.env
	in := assessments.AppealDecisionInput{Outcome: "upheld", Rationale: "The panel found the decision sound."}
	_, _, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	expectErr(t, err, "conflict:error.appeal.no_panel")
	f.heard(t)
	_, _, err = env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, assessments.AppealDecisionInput{Outcome: "dismissed"})
	expectErr(t, err, "field:outcome=error.appeal.outcome")
	before, _ := env.Svc.CertificateForAssessment(ctx, f.sec(), f.id)
	ap, cert, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	if err != nil || cert != nil || ap.Status != models.AppealUpheld {
		t.Fatalf("upheld: %+v %v %v", ap, cert, err)
	}
	after, _ := env.Svc.CertificateForAssessment(ctx, f.sec(), f.id)
	if after.Number != before.Number || after.RevokedAt != nil {
		t.Fatalf("the certificate changed: %+v", after)
	}
	d, _ := models.DecisionOf(ctx, env.Svc.DB(), f.id)
	if d.Outcome != models.OutcomeAccredited {
		t.Fatalf("decision %s", d.Outcome)
	}
	_, _, err = env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	expectErr(t, err, "conflict:error.appeal.closed")
	// A heard appeal is final: no second one, even within the window.
	_, err = env.Svc.LodgeAppeal(ctx, f.mgr(), f.id, "We still disagree.")
	expectErr(t, err, "conflict:error.appeal.already_heard")
}

// Overturned from not accredited to accredited: the decision and its
// stored figures are replaced, a new dossier is frozen, and a new
// certificate appears in the register and on the verify page at once.
func TestAppealOverturnedToAccredited(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeNotAccredited)
	env := f.env
	f.heard(t)
	in := assessments.AppealDecisionInput{Outcome: "overturned", Rationale: "LEG-01 was met.", NewOutcome: models.OutcomeNotAccredited}
	_, _, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	expectErr(t, err, "field:new_outcome=error.appeal.same_outcome")
	in.NewOutcome = models.OutcomeWithConditions
	_, _, err = env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	expectErr(t, err, "field:conditions=error.conditions_required")
	in.NewOutcome = models.OutcomeAccredited
	generation, _ := models.ResultsGeneration(ctx, env.Svc.DB())
	env.Clock.Advance(time.Minute)
	ap, cert, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	if err != nil || cert == nil || ap.Status != models.AppealOverturned {
		t.Fatalf("overturned: %+v %v %v", ap, cert, err)
	}
	d, _ := models.DecisionOf(ctx, env.Svc.DB(), f.id)
	if d.Outcome != models.OutcomeAccredited {
		t.Fatalf("decision %s", d.Outcome)
	}
	var res models.AssessmentResult
	env.Svc.DB().Where("assessment_id = ?", f.id).Take(&res)
	if res.Outcome != models.OutcomeAccredited {
		t.Fatalf("stored outcome %s", res.Outcome)
	}
	// The network figures' caches see the replaced outcome at once.
	if after, err := models.ResultsGeneration(ctx, env.Svc.DB()); err != nil || after == generation {
		t.Fatalf("results generation %q unchanged (%v)", after, err)
	}
	reg, err := env.Svc.Register(ctx, "")
	if err != nil || len(reg) != 1 || reg[0].Number != cert.Number || reg[0].DossierSHA256 == nil {
		t.Fatalf("register: %+v %v", reg, err)
	}
	pub, err := env.Svc.VerifyCertificate(ctx, cert.Number)
	if err != nil || pub.Status != models.CertValid || pub.DossierSHA256 == nil {
		t.Fatalf("verify: %+v %v", pub, err)
	}
	dossier, err := models.DossierOf(ctx, env.Svc.DB(), f.id)
	if err != nil || dossier.Seq != 2 || dossier.CertificateID == nil || *dossier.CertificateID != cert.ID || *pub.DossierSHA256 != dossier.SHA256 {
		t.Fatalf("new dossier: %+v %v", dossier, err)
	}
	checker{t, env}.credential(cert.Number)
	if env.AuditCount("appeal.overturned") != 1 {
		t.Fatal("the overturn is not audited")
	}
	// The replaced decision opens no new appeal window.
	_, err = env.Svc.LodgeAppeal(ctx, f.mgr(), f.id, "Now the conditions are wrong.")
	expectErr(t, err, "conflict:error.appeal.already_heard")
}

// Overturned from accredited to not accredited: the certificate is
// revoked at once, as replaced on appeal: off the register, revoked on
// the verify page, its revocation bit set in the signed status list.
func TestAppealOverturnedToNotAccredited(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeAccredited)
	env := f.env
	old, _ := env.Svc.CertificateForAssessment(ctx, f.sec(), f.id)
	c := checker{t, env}
	doc, _ := c.credential(old.Number)
	f.heard(t)
	in := assessments.AppealDecisionInput{Outcome: "overturned", Rationale: "Critical criteria are not met.", NewOutcome: models.OutcomeNotAccredited}
	_, cert, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, in)
	if err != nil || cert != nil {
		t.Fatalf("overturned: %v %v", cert, err)
	}
	pub, err := env.Svc.VerifyCertificate(ctx, old.Number)
	if err != nil || pub.Status != models.CertRevoked || !strings.Contains(pub.Reason, f.appeal) {
		t.Fatalf("verify: %+v %v", pub, err)
	}
	if reg, _ := env.Svc.Register(ctx, ""); len(reg) != 0 {
		t.Fatalf("register: %+v", reg)
	}
	if revoked, _ := c.bits(doc); !revoked {
		t.Fatal("the revocation bit is not set")
	}
	if dossier, _ := models.DossierOf(ctx, env.Svc.DB(), f.id); dossier.Seq != 2 || dossier.CertificateID != nil {
		t.Fatalf("new dossier: %+v", dossier)
	}
	if h, _ := env.Svc.DossierHash(ctx, old); h == "" || *pub.DossierSHA256 != h {
		t.Fatal("the old certificate lost its own dossier")
	}
}

// An open appeal is on the secretariat's work list: to form its panel
// from when it was lodged, then to record its outcome by the panel's
// deadline (overdue after it); a decided appeal leaves the list.
func TestAppealOnTheWorklist(t *testing.T) {
	t.Parallel()
	f := newAppeal(t, models.OutcomeAccredited)
	env := f.env
	appealItem := func() *assessments.WorkItem {
		t.Helper()
		wl, err := env.Svc.Worklist(ctx, f.sec())
		if err != nil {
			t.Fatal(err)
		}
		for i := range wl.Items {
			if wl.Items[i].Kind == models.WorkAppeal {
				return &wl.Items[i]
			}
		}
		return nil
	}
	it := appealItem()
	if it == nil || it.AppealID != f.appeal || it.Detail != models.AppealLodged || it.AssessmentID != f.id || it.Overdue {
		t.Fatalf("lodged: %+v", it)
	}
	f.heard(t)
	it = appealItem()
	if it == nil || it.Detail != models.AppealPanel || it.Overdue || !it.DueAt.After(env.Clock.Now()) {
		t.Fatalf("panel formed: %+v", it)
	}
	env.Clock.Advance(time.Duration(env.Svc.Options().ReviewDays+1) * 24 * time.Hour)
	if it = appealItem(); it == nil || !it.Overdue {
		t.Fatalf("views late: %+v", it)
	}
	if _, _, err := env.Svc.DecideAppeal(ctx, f.sec(), f.appeal, assessments.AppealDecisionInput{Outcome: "upheld", Rationale: "Sound."}); err != nil {
		t.Fatal(err)
	}
	if it = appealItem(); it != nil {
		t.Fatalf("decided appeal still listed: %+v", it)
	}
}
