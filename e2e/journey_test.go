package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// answerAllBut fills in every answer of a new assessment of hotline A
// through the domain, except the given criteria, which the test answers
// in the browser.
func answerAllBut(t *testing.T, app *servertest.App, skip ...string) string {
	t.Helper()
	ctx := context.Background()
	as := app.StartAssessment(servertest.ManagerA)
	mgr := actorOf(app, servertest.ManagerA)
	q, _ := app.Svc.LoadQuestionnaire(ctx, mgr, as.ID)
	met := models.LevelMet
	for _, it := range q.Items() {
		if strings.Contains(strings.Join(skip, " "), it.Criterion.Code) {
			continue
		}
		if _, err := app.Svc.SaveAnswer(ctx, mgr, as.ID, it.Criterion.Code, assessments.AnswerInput{Level: &met, Narrative: "Done: " + it.Criterion.Code}); err != nil {
			t.Fatal(err)
		}
	}
	return as.ID
}

// scoreAllBut scores every applicable criterion for a reviewer through the
// domain, except the given ones.
func scoreAllBut(t *testing.T, app *servertest.App, key, id string, skip ...string) {
	t.Helper()
	ctx := context.Background()
	rv := actorOf(app, key)
	q, _ := app.Svc.LoadQuestionnaire(ctx, actorOf(app, servertest.Secretariat), id)
	v := 4
	for _, it := range q.Items() {
		if !it.Applicable || strings.Contains(strings.Join(skip, " "), it.Criterion.Code) {
			continue
		}
		if _, err := app.Svc.SaveScore(ctx, rv, id, it.Criterion.Code, assessments.ScoreInput{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
}

func status(t *testing.T, app *servertest.App, id string) models.Status {
	var as models.Assessment
	app.DB.Where("id = ?", id).Take(&as)
	return as.Status
}

// The whole procedure in the browser, as people do it: submit, assign,
// score, clarify, resubmit, review, decide, download, revoke, verify.
func TestWholeProcedureInTheBrowser(t *testing.T) {
	app := servertest.New(t)
	id := answerAllBut(t, app, "AWR-01")
	base := app.URL + "/assessments/" + id

	manager := browser(t, 1280, true)
	signIn(t, manager, app.URL, app.Users[servertest.ManagerA].Email, servertest.Password)
	do(t, manager, "answer the last criterion", chromedp.Navigate(base+"/criteria/AWR-01"), chromedp.Click("#level-partially_met"),
		chromedp.SendKeys("#narrative", "Campaigns in schools twice a year."), chromedp.Click("button[value=continue]"))
	waitFor(t, manager, "the check page", `location.pathname.endsWith("/check")`)
	do(t, manager, "declare and submit", chromedp.Click("#confirm"), chromedp.Click("form[action$='/submit'] button"))
	waitFor(t, manager, "the confirmation", `location.pathname.endsWith("/submitted")`)

	sec := browser(t, 1280, true)
	signIn(t, sec, app.URL, app.Users[servertest.Secretariat].Email, servertest.Password)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		sel := "form.assign-form input[value='" + app.Users[key].ID + "'] ~ button"
		do(t, sec, "assign "+key, chromedp.Navigate(base+"/reviewers"), chromedp.Click(sel))
		waitFor(t, sec, "the assignment", `document.body.innerText.includes("has been assigned")`)
	}

	rev := browser(t, 1280, true)
	signIn(t, rev, app.URL, app.Users[servertest.Reviewer1].Email, servertest.Password)
	do(t, rev, "open the review", chromedp.Navigate(base+"/review"), chromedp.Click("input[value=accept] ~ button"))
	waitFor(t, rev, "the workspace", `document.querySelector(".task-list") !== null`)
	do(t, rev, "score CHT-05 with autosave", chromedp.Navigate(base+"/review/criteria/CHT-05"), chromedp.Click("#score-2"),
		chromedp.SendKeys("#comment", "Escalation protocol exists only in draft."))
	waitFor(t, rev, "the score saved", `document.querySelector("[data-save-status]").textContent.length > 0 && document.querySelector("[data-save-status]").className.includes("save-saved")`)
	do(t, rev, "ask for clarification", chromedp.Navigate(base+"/clarifications/new"), chromedp.Click("#criteria-GOV-01"),
		chromedp.SendKeys("#message", "Please attach the audited accounts."), chromedp.Click("main form button[type=submit]"))
	waitFor(t, rev, "the request sent", `location.pathname.endsWith("/review")`)
	if s := status(t, app, id); s != models.StatusChangesRequested {
		t.Fatalf("after the request: %s", s)
	}

	do(t, manager, "open the to-do", chromedp.Navigate(base), chromedp.Click("#todo-heading ~ ul a"))
	waitFor(t, manager, "GOV-01", `location.pathname.endsWith("/criteria/GOV-01") && document.body.innerText.includes("Please attach the audited accounts.")`)
	do(t, manager, "answer and resubmit", chromedp.SendKeys("#narrative", " Audited accounts 2025 attached."),
		chromedp.Click("button[value=continue]"))
	waitFor(t, manager, "the check page", `location.pathname.endsWith("/check")`)
	do(t, manager, "send back", chromedp.Click("#confirm"), chromedp.Click("form[action$='/submit'] button"))
	waitFor(t, manager, "resubmitted", `location.pathname.endsWith("/submitted")`)
	if s := status(t, app, id); s != models.StatusInReview {
		t.Fatalf("after resubmission: %s", s)
	}

	scoreAllBut(t, app, servertest.Reviewer1, id, "CHT-05")
	do(t, rev, "see the change", chromedp.Navigate(base+"/review/criteria/GOV-01"))
	waitFor(t, rev, "the diff", `document.querySelector(".diff ins") !== null && document.querySelector(".diff ins").textContent.includes("Audited accounts 2025 attached.")`)
	do(t, rev, "submit the review", chromedp.Navigate(base+"/review/submit"), chromedp.Click("#recommendation-accredit_with_conditions"),
		chromedp.SendKeys("#summary", "Good service; chat escalation to formalise."), chromedp.Click("main form button[type=submit]"))
	waitFor(t, rev, "review submitted", `location.pathname.endsWith("/review") && document.querySelector(".banner-success") !== null`)
	scoreAllBut(t, app, servertest.Reviewer2, id)
	if _, err := app.Svc.SubmitReview(context.Background(), actorOf(app, servertest.Reviewer2), id, assessments.ReviewInput{Recommendation: "accredit", Summary: "Fine."}); err != nil {
		t.Fatal(err)
	}

	do(t, sec, "decide", chromedp.Navigate(base+"/consolidation"), chromedp.Click("a[href$='/decision']"))
	waitFor(t, sec, "the decision form", `document.querySelector("#rationale") !== null`)
	do(t, sec, "record the decision", chromedp.Click("#outcome"), chromedp.SendKeys("#rationale", "Strong service overall."),
		chromedp.SendKeys("#departure_reason", "The chat protocol is adopted since."), chromedp.Click("main form button[type=submit]"))
	waitFor(t, sec, "the certificate", `location.pathname.startsWith("/certificates/MCE-")`)
	number := strings.TrimPrefix(eval[string](t, sec, "location.pathname"), "/certificates/")
	ctype := eval[string](t, sec, `fetch(document.querySelector("a[href$='/pdf']").href).then(r => r.headers.get("content-type"))`)
	if ctype != "application/pdf" {
		t.Fatalf("certificate download: %q", ctype)
	}
	do(t, sec, "revoke", chromedp.Click("a[href$='/revoke']"), chromedp.SendKeys("#reason", "Right to operate 116 000 withdrawn."),
		chromedp.Click("main form button[type=submit]"))
	waitFor(t, sec, "revoked", `document.body.innerText.includes("Revoked")`)

	visitor := browser(t, 375, true)
	do(t, visitor, "verify", chromedp.Navigate(app.URL+"/verify/"+number))
	waitFor(t, visitor, "the revoked status", `document.querySelector(".verify-revoked") !== null && document.body.innerText.includes("Right to operate 116 000 withdrawn.")`)
	do(t, visitor, "the register", chromedp.Navigate(app.URL+"/register"))
	waitFor(t, visitor, "the register page", `document.querySelector("h1") !== null`)
	if eval[bool](t, visitor, `document.body.innerText.includes("`+number+`")`) {
		t.Fatal("a revoked certificate is in the register")
	}
}

// Forms that must work without JavaScript: scoring and submitting.
func TestReviewWithoutJavaScript(t *testing.T) {
	app := servertest.New(t)
	id := answerAllBut(t, app)
	ctx := context.Background()
	if _, err := app.Svc.Submit(ctx, actorOf(app, servertest.ManagerA), id); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if _, err := app.Svc.Assign(ctx, actorOf(app, servertest.Secretariat), id, app.Users[key].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	rev := browser(t, 1280, false)
	signIn(t, rev, app.URL, app.Users[servertest.Reviewer1].Email, servertest.Password)
	base := app.URL + "/assessments/" + id
	do(t, rev, "declare", chromedp.Navigate(base+"/review"), chromedp.Click("input[value=accept] ~ button"))
	waitFor(t, rev, "the workspace", `document.querySelector(".task-list") !== null`)
	do(t, rev, "score below 3 without comment", chromedp.Navigate(base+"/review/criteria/LEG-01"), chromedp.Click("#score-2"), chromedp.Click("button[value=continue]"))
	waitFor(t, rev, "the error", `document.querySelector(".error-summary a[href='#comment']") !== null`)
	do(t, rev, "add the comment", chromedp.SendKeys("#comment", "Licence expires next year."), chromedp.Click("button[value=continue]"))
	waitFor(t, rev, "the next criterion", `!location.pathname.endsWith("/LEG-01")`)
	var sc models.Score
	if err := app.DB.Where("assessment_id = ? AND criterion = ?", id, "LEG-01").Take(&sc).Error; err != nil || sc.Score == nil || *sc.Score != 2 {
		t.Fatalf("score saved without JavaScript: %+v %v", sc, err)
	}
}
