package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// submitted builds a fully answered, submitted assessment of hotline A.
func submitted(t *testing.T, app *servertest.App) string {
	t.Helper()
	return submittedBy(t, app, servertest.ManagerA, app.HotlineA.ID)
}

// submittedBy builds a fully answered assessment of a manager's hotline
// and submits it.
func submittedBy(t *testing.T, app *servertest.App, managerKey, hotlineID string) string {
	t.Helper()
	api := app.APIClient(managerKey)
	as := startAPI(t, api, hotlineID)
	for _, a := range getAssessment(t, api, as.ID).Answers {
		if r := saveAnswer(api, as.ID, a.Criterion, "met", "Round one: "+a.Criterion, 0); r.StatusCode != 200 {
			t.Fatalf("save %s: %d", a.Criterion, r.StatusCode)
		}
	}
	if r := api.JSON("POST", "/api/v1/assessments/"+as.ID+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}
	return as.ID
}

func score(c *servertest.Client, id, code string, value any, comment string, version *int) *servertest.Response {
	body := map[string]any{"score": value, "comment": comment}
	if version != nil {
		body["version"] = *version
	}
	return c.JSON("PUT", "/api/v1/assessments/"+id+"/scores/"+code, body)
}

// The whole review: assignment (with a conflict refused, then overridden),
// independent scoring, a clarification round on two criteria, both reviews,
// and the consolidation with the proposed outcome.
func TestReviewJourney(t *testing.T) {
	app := servertest.New(t)
	ctx := context.Background()
	greek, err := app.Svc.CreateUserWithPassword(ctx, servertest.SystemActor(), assessments.UserInput{
		Email: "greek.reviewer@test.example", Name: "Γιώργος Reviewer", Role: "reviewer", Country: "GR",
	}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	id := submitted(t, app)
	sec := app.APIClient(servertest.Secretariat)
	web := app.SignIn(servertest.Secretariat)

	// Suggestions: the Greek reviewer has a conflict with a Greek hotline.
	page := web.Get("/assessments/" + id + "/reviewers")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Same country") || !strings.Contains(page.Body, "Rita Reviewer") {
		t.Fatalf("reviewers page: %d", page.StatusCode)
	}
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": greek.ID}); r.StatusCode != 409 {
		t.Fatalf("conflicting reviewer without a reason: %d %s", r.StatusCode, r.Body)
	}
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": greek.ID, "override_reason": "Only Greek speaker available"}); r.StatusCode != 201 {
		t.Fatalf("override: %d %s", r.StatusCode, r.Body)
	}
	if getAssessment(t, sec, id).Status != "in_review" {
		t.Fatal("assignment did not start the review")
	}
	// The Greek reviewer declines after all: the slot frees.
	greekAPI := app.Client()
	greekAPI.Login(greek.Email, servertest.Password, http.StatusSeeOther)
	if r := greekAPI.PostForm("/assessments/"+id+"/review/respond", url.Values{"decision": {"decline"}}); r.StatusCode != 422 {
		t.Fatalf("decline without reason: %d", r.StatusCode)
	}
	if r := greekAPI.PostForm("/assessments/"+id+"/review/respond", url.Values{"decision": {"decline"}, "reason": {"I volunteered there in 2024."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d", r.StatusCode)
	}
	if r := greekAPI.Get("/assessments/" + id + "/review"); r.StatusCode != 404 {
		t.Fatalf("declined reviewer still sees the assessment: %d", r.StatusCode)
	}
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign %s: %d %s", key, r.StatusCode, r.Body)
		}
	}
	// Reviewer 1 prefers French: the assignment email is in French.
	mails := app.Outbox(app.Users[servertest.Reviewer1].Email)
	if len(mails) != 1 || mails[0].Language != "fr" || !strings.Contains(mails[0].Body, "/assessments/"+id+"/review") {
		t.Fatalf("assignment email: %+v", mails)
	}
	// The first opening asks for the declaration.
	r1web := app.SignIn(servertest.Reviewer1)
	if p := r1web.Get("/assessments/" + id + "/review"); !strings.Contains(p.Body, `name="decision" value="accept"`) {
		t.Fatal("no conflict-of-interest declaration on first opening")
	}
	r1web.PostForm("/assessments/"+id+"/review/respond", url.Values{"decision": {"accept"}})

	r1, r2 := app.APIClient(servertest.Reviewer1), app.APIClient(servertest.Reviewer2)
	if r := score(r1, id, "LEG-01", 2, "", nil); r.StatusCode != 422 || !strings.Contains(r.Body, `"comment"`) {
		t.Fatalf("score below 3 without comment: %d %s", r.StatusCode, r.Body)
	}
	if r := score(r1, id, "LEG-01", 5, "x", nil); r.StatusCode != 422 {
		t.Fatalf("score 5: %d", r.StatusCode)
	}
	v0 := 0
	if r := score(r1, id, "LEG-01", 4, "Exemplary licence file.", &v0); r.StatusCode != 200 {
		t.Fatalf("score: %d %s", r.StatusCode, r.Body)
	}
	if r := score(r1, id, "LEG-01", 3, "Second tab.", &v0); r.StatusCode != 409 || !strings.Contains(r.Body, "Exemplary licence file.") {
		t.Fatalf("stale score: %d %s", r.StatusCode, r.Body)
	}
	if r := score(app.APIClient(servertest.ManagerA), id, "LEG-01", 4, "", nil); r.StatusCode != 403 {
		t.Fatalf("manager scores: %d", r.StatusCode)
	}
	// A reviewer cannot edit the manager's answers.
	if r := saveAnswer(r1, id, "LEG-01", "not_met", "hacked", 1); r.StatusCode != 403 {
		t.Fatalf("reviewer edits an answer: %d", r.StatusCode)
	}

	// Reviewer 2 asks for clarification on two criteria.
	if r := r2.JSON("POST", "/api/v1/assessments/"+id+"/clarifications", map[string]any{"criteria": []string{"GOV-01", "CAS-03"}, "message": "Please attach the audited accounts and the police SOP."}); r.StatusCode != 201 {
		t.Fatalf("clarification: %d %s", r.StatusCode, r.Body)
	}
	mgr := app.APIClient(servertest.ManagerA)
	as := getAssessment(t, mgr, id)
	if as.Status != "changes_requested" {
		t.Fatalf("status %s", as.Status)
	}
	hub := app.SignIn(servertest.ManagerA).Get("/assessments/" + id)
	if !strings.Contains(hub.Body, "Clarification requested") || !strings.Contains(hub.Body, "/criteria/GOV-01") || !strings.Contains(hub.Body, "/criteria/CAS-03") {
		t.Fatal("the manager's to-do list lacks the two criteria")
	}
	if r := score(r1, id, "LEG-02", 3, "", nil); r.StatusCode != 409 {
		t.Fatalf("scoring while the hotline answers: %d", r.StatusCode)
	}
	versions := map[string]int{}
	for _, a := range as.Answers {
		versions[a.Criterion] = a.Version
	}
	if r := saveAnswer(mgr, id, "LEG-01", "met", "changed", versions["LEG-01"]); r.StatusCode != 409 {
		t.Fatalf("a criterion not reopened was editable: %d", r.StatusCode)
	}
	if r := saveAnswer(mgr, id, "GOV-01", "met", "Round one: GOV-01 plus the audited accounts for 2025.", versions["GOV-01"]); r.StatusCode != 200 {
		t.Fatalf("answer the clarification: %d %s", r.StatusCode, r.Body)
	}
	if r := mgr.JSON("POST", "/api/v1/assessments/"+id+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("resubmit: %d %s", r.StatusCode, r.Body)
	}
	if st := getAssessment(t, mgr, id).Status; st != "in_review" {
		t.Fatalf("after resubmission: %s", st)
	}
	// Reviewers see what changed, and the thread.
	diff := app.SignIn(servertest.Reviewer2)
	diff.PostForm("/assessments/"+id+"/review/respond", url.Values{"decision": {"accept"}})
	p := diff.Get("/assessments/" + id + "/review/criteria/GOV-01")
	if !strings.Contains(p.Body, "<ins>plus the audited accounts for 2025.</ins>") || !strings.Contains(p.Body, "Please attach the audited accounts") {
		t.Fatalf("the scoring page lacks the diff or the thread")
	}

	// Independent scoring: reviewer 2 scores; reviewer 1 does not see it.
	q, _ := app.Svc.LoadQuestionnaire(ctx, assessments.Actor{User: app.Users[servertest.Secretariat]}, id)
	for _, it := range q.Items() {
		if !it.Applicable {
			continue
		}
		score(r2, id, it.Criterion.Code, 3, "", nil)
		if it.Criterion.Code != "LEG-01" {
			score(r1, id, it.Criterion.Code, 3, "", nil)
		}
	}
	score(r2, id, "CHT-05", 1, "No written escalation protocol for chat.", nil)
	if r := r1web.Get("/assessments/" + id + "/review/criteria/CHT-05"); strings.Contains(r.Body, "No written escalation protocol") {
		t.Fatal("reviewer 1 sees reviewer 2's comment before submitting")
	}
	if r := r1.JSON("POST", "/api/v1/assessments/"+id+"/reviews", map[string]any{"recommendation": "maybe", "summary": ""}); r.StatusCode != 422 {
		t.Fatalf("bad review: %d", r.StatusCode)
	}
	if r := r1.JSON("POST", "/api/v1/assessments/"+id+"/reviews", map[string]any{"recommendation": "accredit", "summary": "Strong service."}); r.StatusCode != 201 {
		t.Fatalf("review 1: %d %s", r.StatusCode, r.Body)
	}
	if st := getAssessment(t, sec, id).Status; st != "in_review" {
		t.Fatalf("one review in: %s", st)
	}
	if r := r1web.Get("/assessments/" + id + "/review/criteria/CHT-05"); !strings.Contains(r.Body, "No written escalation protocol") {
		t.Fatal("reviewer 1 does not see the other scores after submitting")
	}
	if r := score(r1, id, "LEG-02", 2, "late change", nil); r.StatusCode != 409 {
		t.Fatalf("scoring after submitting: %d", r.StatusCode)
	}
	if r := r2.JSON("POST", "/api/v1/assessments/"+id+"/reviews", map[string]any{"recommendation": "not_accredit", "summary": "Chat escalation missing."}); r.StatusCode != 201 {
		t.Fatalf("review 2: %d %s", r.StatusCode, r.Body)
	}
	if st := getAssessment(t, sec, id).Status; st != "reviewed" {
		t.Fatalf("all reviews in: %s", st)
	}

	// Consolidation: CHT-05 (critical) at 2 => not accredited, and the
	// LEG-01 gap of 4 vs 3 is no disagreement; CHT-05 3 vs 1 is.
	con := sec.JSON("GET", "/api/v1/assessments/"+id+"/consolidation", nil)
	var body struct {
		Criteria []struct {
			Criterion    string   `json:"criterion"`
			Scores       []*int   `json:"scores"`
			Consolidated *float64 `json:"consolidated"`
			Disagreement bool     `json:"disagreement"`
		} `json:"criteria"`
		Proposed string `json:"proposed_outcome"`
		Reasons  []struct {
			Key      string   `json:"key"`
			Message  string   `json:"message"`
			Criteria []string `json:"criteria"`
		} `json:"reasons"`
	}
	con.Decode(&body)
	if con.StatusCode != 200 || body.Proposed != "not_accredited" || len(body.Reasons) == 0 || !strings.Contains(body.Reasons[0].Message, "CHT-05") {
		t.Fatalf("consolidation: %d %.600s", con.StatusCode, con.Body)
	}
	for _, c := range body.Criteria {
		if c.Criterion == "CHT-05" && (!c.Disagreement || *c.Consolidated != 2) {
			t.Errorf("CHT-05: %+v", c)
		}
		if c.Criterion == "LEG-01" && c.Disagreement {
			t.Errorf("LEG-01 flagged")
		}
	}
	if p := web.Get("/assessments/" + id + "/consolidation"); !strings.Contains(p.Body, "Proposed outcome: Not accredited") || !strings.Contains(p.Body, "Disagreement") {
		t.Fatal("consolidation page")
	}
	// The manager never sees scores before the decision.
	for _, path := range []string{"/api/v1/assessments/" + id, "/api/v1/assessments/" + id + "/consolidation"} {
		r := mgr.JSON("GET", path, nil)
		if strings.Contains(r.Body, "No written escalation protocol") || strings.Contains(r.Body, `"score"`) {
			t.Fatalf("manager sees scores at %s", path)
		}
	}
	// An unassigned reviewer sees nothing of it.
	other, _ := app.Svc.CreateUserWithPassword(ctx, servertest.SystemActor(), assessments.UserInput{Email: "other@test.example", Name: "Other", Role: "reviewer", Country: "FI"}, servertest.Password)
	oc := app.Client()
	oc.Login(other.Email, servertest.Password, http.StatusSeeOther)
	for _, p := range []string{"/assessments/" + id, "/assessments/" + id + "/review", "/assessments/" + id + "/review/criteria/LEG-01"} {
		if r := oc.Get(p); r.StatusCode != 404 {
			t.Errorf("unassigned reviewer GET %s: %d", p, r.StatusCode)
		}
	}
	// Notifications and emails for every step.
	var kinds []string
	app.DB.Model(&models.Notification{}).Distinct("kind").Order("kind").Pluck("kind", &kinds)
	if strings.Join(kinds, ",") != "assigned,clarification,declined,resubmitted,review_submitted,reviews_complete" {
		t.Errorf("notification kinds: %v", kinds)
	}
	if mails := app.Outbox(app.Users[servertest.ManagerA].Email); len(mails) != 1 || !strings.Contains(mails[0].Subject, "Clarification") {
		t.Errorf("manager emails: %d", len(mails))
	}
	for _, action := range []string{"review.assign", "review.decline", "review.accept", "score.save", "review.clarification", "assessment.resubmit", "review.submit"} {
		if app.AuditCount(action) == 0 {
			t.Errorf("%s not audited", action)
		}
	}
}

func TestDeclaredConflictBlocksAssignment(t *testing.T) {
	app := servertest.New(t)
	id := submitted(t, app)
	rv := app.SignIn(servertest.Reviewer2)
	if r := rv.PostForm("/account/conflicts", url.Values{"hotline_id": {app.HotlineA.ID}, "reason": {""}}); r.StatusCode != 422 || !strings.Contains(r.Body, "Say what the conflict is") {
		t.Fatalf("conflict without reason: %d", r.StatusCode)
	}
	if r := rv.PostForm("/account/conflicts", url.Values{"hotline_id": {app.HotlineA.ID}, "reason": {"I trained their staff in 2025."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d %s", r.StatusCode, r.Body)
	}
	if p := rv.Get("/account"); !strings.Contains(p.Body, "I trained their staff in 2025.") {
		t.Fatal("the account page does not list the conflict")
	}
	sec := app.SignIn(servertest.Secretariat)
	if p := sec.Get("/assessments/" + id + "/reviewers"); !strings.Contains(p.Body, "Declared conflict") {
		t.Fatal("suggestions do not show the declared conflict")
	}
	form := url.Values{"user_id": {app.Users[servertest.Reviewer2].ID}}
	if r := sec.PostForm("/assessments/"+id+"/reviewers", form); r.StatusCode != 409 || !strings.Contains(r.Body, "Give a reason") {
		t.Fatalf("assigning a declared conflict: %d", r.StatusCode)
	}
	form.Set("override_reason", "No other Greek reader available this month.")
	if r := sec.PostForm("/assessments/"+id+"/reviewers", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("override: %d %s", r.StatusCode, r.Body)
	}
	var entry models.AuditEntry
	app.DB.Where("action = ?", "review.assign").Take(&entry)
	if !strings.Contains(entry.Detail, "No other Greek reader available") {
		t.Fatalf("override reason not audited: %q", entry.Detail)
	}
}
