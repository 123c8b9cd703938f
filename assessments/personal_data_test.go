package assessments_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// openPanel puts u on the panel of an open appeal (written directly: the
// appeals feature has its own tests) and returns a function closing it.
func openPanel(t *testing.T, env *domaintest.Env, u *models.User) func() {
	t.Helper()
	as := env.StartAssessment(domaintest.ManagerB)
	now := time.Now().UTC()
	decision, appeal := models.NewID(), models.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO decisions (id, assessment_id, outcome, proposed_outcome, rationale, decided_by, decided_at) VALUES (?, ?, 'accredited', 'accredited', 'x', 'x', ?)`, []any{decision, as.ID, now}},
		{`INSERT INTO appeals (id, assessment_id, hotline_id, decision_id, status, grounds, lodged_by, lodged_at, previous_outcome) VALUES (?, ?, ?, ?, 'panel', 'g', 'x', ?, 'accredited')`, []any{appeal, as.ID, as.HotlineID, decision, now}},
		{`INSERT INTO appeal_members (appeal_id, user_id, seq, status, added_at) VALUES (?, ?, 1, 'invited', ?)`, []any{appeal, u.ID, now}},
	} {
		if err := env.DB.Exec(q.sql, q.args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		if err := env.DB.Exec(`UPDATE appeals SET status = 'upheld' WHERE id = ?`, appeal).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// Erasure is refused for oneself, the last active secretariat account, a
// reviewer with open assignments, a member of an open appeal panel and an
// account already erased; only the secretariat erases, with a reason.
func TestEraseRefusals(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	sec := env.Actor(domaintest.Secretariat)
	// Reviewer1 has an assignment still to do.
	id := submitted(t, env)
	if _, err := env.Svc.Assign(ctx, sec, id, env.Users[domaintest.Reviewer1].ID, ""); err != nil {
		t.Fatal(err)
	}
	panelist := newUser(t, env, assessments.UserInput{Email: "panel@test.example", Name: "Paula Panel", Role: "reviewer", Country: "IE"})
	closePanel := openPanel(t, env, panelist)
	erased := newUser(t, env, assessments.UserInput{Email: "gone@test.example", Name: "Gone Person", Role: "reviewer", Country: "IE"})
	if _, err := env.Svc.EraseUser(ctx, sec, erased.ID, assessments.EraseInput{Reason: "Asked."}); err != nil {
		t.Fatal(err)
	}
	// Another secretariat member, so that the fixture one is not the last.
	other := newUser(t, env, assessments.UserInput{Email: "sec2@test.example", Name: "Second Secretariat", Role: "secretariat", Country: "BE"})
	cases := []struct {
		name   string
		actor  assessments.Actor
		target string
		reason string
		want   string
	}{
		{"oneself", sec, env.Users[domaintest.Secretariat].ID, "x", "conflict:error.erase_self"},
		{"open assignments", sec, env.Users[domaintest.Reviewer1].ID, "x", "conflict:error.erase_open_assignments"},
		{"open panel", sec, panelist.ID, "x", "conflict:error.erase_open_panel"},
		{"already erased", sec, erased.ID, "x", "conflict:error.user_erased"},
		{"no reason", sec, env.Users[domaintest.Reviewer2].ID, "  ", "field:reason=error.required"},
		{"a reason too long", sec, env.Users[domaintest.Reviewer2].ID, strings.Repeat("x", 2001), "field:reason=error.too_long"},
		{"unknown account", sec, models.NewID(), "x", "not found"},
		{"a manager", env.Actor(domaintest.ManagerA), env.Users[domaintest.Reviewer2].ID, "x", "forbidden"},
		{"a reviewer", env.Actor(domaintest.Reviewer2), env.Users[domaintest.Reviewer2].ID, "x", "forbidden"},
		{"the last secretariat but one", actorOf(other), env.Users[domaintest.Secretariat].ID, "x", ""},
		{"the last secretariat", sec, other.ID, "x", "conflict:error.erase_last_secretariat"},
	}
	for _, c := range cases {
		_, err := env.Svc.EraseUser(ctx, c.actor, c.target, assessments.EraseInput{Reason: c.reason})
		t.Run(c.name, func(t *testing.T) { expectErr(t, err, c.want) })
	}
	closePanel()
	if _, err := env.Svc.EraseUser(ctx, actorOf(other), panelist.ID, assessments.EraseInput{Reason: "Panel closed."}); err != nil {
		t.Errorf("after the appeal closed: %v", err)
	}
}

// Each role numbers its pseudonyms on its own; the account's personal
// fields, credentials and links go; declined and submitted work does not
// hold an erasure back.
func TestErasePseudonymsAndCredentials(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	sec := env.Actor(domaintest.Secretariat)
	id := reviewed(t, env, 3, nil)
	want := map[string]string{domaintest.Reviewer1: "Reviewer 1", domaintest.Reviewer2: "Reviewer 2", domaintest.ManagerB: "Manager 1"}
	for _, key := range []string{domaintest.Reviewer1, domaintest.Reviewer2, domaintest.ManagerB} {
		old := env.Users[key]
		u, err := env.Svc.EraseUser(ctx, sec, old.ID, assessments.EraseInput{Reason: "Left."})
		if err != nil {
			t.Fatalf("erase %s: %v", key, err)
		}
		if u.Name != want[key] || !u.Erased() || !u.Disabled || u.PasswordHash != "" || u.Country != "" || len(u.Languages) != 0 ||
			!strings.HasSuffix(u.Email, "@erased.invalid") || u.SessionEpoch != old.SessionEpoch+1 || u.SearchKey != assessments.SearchKey(u.Name+" "+u.Email) {
			t.Errorf("%s erased as %+v", key, u)
		}
		if len(env.Outbox(old.Email)) != 0 {
			t.Errorf("%s: mail to the old address remains", key)
		}
		var links int64
		if err := env.DB.Model(&models.OneTimeLink{}).Where("user_id = ?", old.ID).Count(&links).Error; err != nil || links != 0 {
			t.Errorf("%s: %d links left (%v)", key, links, err)
		}
	}
	con, err := env.Svc.LoadConsolidation(ctx, sec, id)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, r := range con.Reviews {
		names = append(names, r.Reviewer.Name)
	}
	if strings.Join(names, ",") != "Reviewer 1,Reviewer 2" && strings.Join(names, ",") != "Reviewer 2,Reviewer 1" {
		t.Errorf("reviews attributed to %v", names)
	}
	if n := env.AuditCount("user.erase"); n != 3 {
		t.Errorf("%d user.erase entries", n)
	}
}

// Requests: one open per kind, details required for a correction; the
// secretariat answers once; people see only their own.
func TestDataRequestRules(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	rv := env.Actor(domaintest.Reviewer1)
	sec := env.Actor(domaintest.Secretariat)
	cases := []struct {
		name string
		in   assessments.DataRequestInput
		want string
	}{
		{"no kind", assessments.DataRequestInput{}, "field:kind=error.choose_one"},
		{"correction without details", assessments.DataRequestInput{Kind: "correction"}, "field:details=error.required"},
		{"details too long", assessments.DataRequestInput{Kind: "erasure", Details: strings.Repeat("é", 2001)}, "field:details=error.too_long"},
		{"erasure", assessments.DataRequestInput{Kind: "erasure"}, ""},
		{"a second erasure", assessments.DataRequestInput{Kind: "erasure", Details: "Please."}, "conflict:error.data_request_open"},
		{"correction", assessments.DataRequestInput{Kind: "correction", Details: "Name typo."}, ""},
	}
	for _, c := range cases {
		_, err := env.Svc.RequestDataChange(ctx, rv, c.in)
		t.Run(c.name, func(t *testing.T) { expectErr(t, err, c.want) })
	}
	if _, err := env.Svc.RequestDataChange(ctx, assessments.Actor{}, assessments.DataRequestInput{Kind: "erasure"}); err == nil {
		t.Error("anonymous request accepted")
	}
	items, total, err := env.Svc.ListDataRequests(ctx, sec, assessments.DataRequestQuery{Status: "open"})
	if err != nil || total != 2 || len(items) != 2 || items[0].User == nil {
		t.Fatalf("open requests: %d %v", total, err)
	}
	if _, _, err := env.Svc.ListDataRequests(ctx, rv, assessments.DataRequestQuery{}); err == nil {
		t.Error("a reviewer listed the requests")
	}
	if _, err := env.Svc.GetDataRequest(ctx, env.Actor(domaintest.Reviewer2), items[0].ID); err == nil {
		t.Error("another person saw a request")
	}
	closeCases := []struct {
		name string
		in   assessments.CloseDataRequestInput
		want string
	}{
		{"no status", assessments.CloseDataRequestInput{Response: "x"}, "field:status=error.choose_one"},
		{"open is no answer", assessments.CloseDataRequestInput{Status: "open", Response: "x"}, "field:status=error.choose_one"},
		{"no response", assessments.CloseDataRequestInput{Status: "refused"}, "field:response=error.required"},
		{"refused", assessments.CloseDataRequestInput{Status: "refused", Response: "We must keep it."}, ""},
		{"twice", assessments.CloseDataRequestInput{Status: "done", Response: "x"}, "conflict:error.data_request_closed"},
	}
	correction := items[0]
	if correction.Kind != models.DataRequestCorrection {
		correction = items[1]
	}
	for _, c := range closeCases {
		_, err := env.Svc.CloseDataRequest(ctx, sec, correction.ID, c.in)
		t.Run("close: "+c.name, func(t *testing.T) { expectErr(t, err, c.want) })
	}
	// Erasing the person answers their open erasure request.
	if _, err := env.Svc.EraseUser(ctx, sec, env.Users[domaintest.Reviewer1].ID, assessments.EraseInput{Reason: "Asked."}); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := env.Svc.ListDataRequests(ctx, sec, assessments.DataRequestQuery{Status: "open"}); total != 0 {
		t.Errorf("%d requests still open after the erasure", total)
	}
}

// Concurrent erasures: of two accounts of a role, each gets its own
// pseudonym; of one account, the second is a conflict.
func TestConcurrentErasures(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	sec := env.Actor(domaintest.Secretariat)
	ids := []string{env.Users[domaintest.Reviewer1].ID, env.Users[domaintest.Reviewer2].ID, env.Users[domaintest.Reviewer2].ID}
	errs := make([]error, len(ids))
	names := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, err := env.Svc.EraseUser(ctx, sec, id, assessments.EraseInput{Reason: "Asked."})
			errs[i] = err
			if err == nil {
				names[i] = u.Name
			}
		}()
	}
	wg.Wait()
	ok, conflicts := map[string]bool{}, 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok[names[i]] = true
		case peopleConflictKey(err) == "error.user_erased":
			conflicts++
		default:
			t.Errorf("erasure %d: %v", i, err)
		}
	}
	if !ok["Reviewer 1"] || !ok["Reviewer 2"] || conflicts != 1 {
		t.Errorf("pseudonyms %v, %d conflicts", ok, conflicts)
	}
}

// Erasing someone with a short name replaces the name where it stands
// whole, never inside other words of other people's texts.
func TestErasureLeavesOtherWords(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ana := newUser(t, env, assessments.UserInput{Email: "ana@test.example", Name: "Ana", Role: "reviewer", Country: "PT"})
	entry := &models.AuditEntry{Action: "note", Detail: "Analysis of Ana's rota; banana; Ana"}
	if err := models.InsertAudit(ctx, env.DB, entry); err != nil {
		t.Fatal(err)
	}
	u, err := env.Svc.EraseUser(ctx, env.Actor(domaintest.Secretariat), ana.ID, assessments.EraseInput{Reason: "Asked for it."})
	if err != nil {
		t.Fatal(err)
	}
	var got models.AuditEntry
	if err := env.DB.Where("id = ?", entry.ID).Take(&got).Error; err != nil {
		t.Fatal(err)
	}
	if want := "Analysis of " + u.Name + "'s rota; banana; " + u.Name; got.Detail != want {
		t.Errorf("detail %q, want %q", got.Detail, want)
	}
}
