package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

//go:embed testdata/axe.min.js
var axeSource string

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAxe runs axe-core on the current page with the WCAG 2.0 and 2.1
// A and AA rules and returns every violation, described.
func checkAxe(t *testing.T, ctx context.Context) []string {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.axe !== undefined || (function(){"+axeSource+"; return true})()")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => r.violations)`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	var out []string
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		out = append(out, fmt.Sprintf("%s (%s): %s", v.ID, v.Help, strings.Join(targets, ", ")))
	}
	return out
}

// noHorizontalScroll says whether the page fits the window's width.
func noHorizontalScroll(t *testing.T, ctx context.Context) bool {
	return eval[bool](t, ctx, `document.documentElement.scrollWidth <= window.innerWidth + 1`)
}

// smallTargets lists controls smaller than 24 by 24 CSS pixels (WCAG
// 2.5.8), leaving out links inside running text, which the criterion
// exempts.
func smallTargets(t *testing.T, ctx context.Context) []string {
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("button, input:not([type=hidden]), select, textarea, summary, nav a, a.button, .inline-links a, .pagination a"))
		.filter(el => el.offsetParent !== null && !el.classList.contains("visually-hidden"))
		.filter(el => { const r = el.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
		.map(el => el.outerHTML.slice(0, 80))`)
}

type pageVisit struct {
	role, path string
}

// Every page of the journeys, signed in as each role, at desktop width
// and at 375 px: zero WCAG 2.0/2.1 A and AA violations, no sideways
// scrolling on a phone, and the page's language declared.
func TestAccessibilityOfEveryPage(t *testing.T) {
	app := servertest.New(t)
	id := reviewedAssessment(t, app)
	ctx := context.Background()
	sec := actorOf(app, servertest.Secretariat)
	framework, _, _ := app.Svc.CurrentFramework(ctx)
	before := []pageVisit{
		{"", "/login"}, {"", "/password/forgot"}, {"", "/accessibility"}, {"", "/privacy"}, {"", "/register"},
		{"", "/verify/MCE-1999-XX-0001"}, {"", "/password/set/not-a-token"}, {"", "/no-such-page"},
		{servertest.ManagerA, "/dashboard"}, {servertest.ManagerA, "/assessments"}, {servertest.ManagerA, "/assessments/" + id},
		{servertest.ManagerA, "/assessments/" + id + "/sections/CHT"}, {servertest.ManagerA, "/assessments/" + id + "/criteria/LEG-01"},
		{servertest.ManagerA, "/assessments/" + id + "/check"}, {servertest.ManagerA, "/hotlines/" + app.HotlineA.ID},
		{servertest.ManagerA, "/hotlines/" + app.HotlineA.ID + "/edit"}, {servertest.ManagerA, "/account"}, {servertest.ManagerA, "/notifications"},
		{servertest.ManagerB, "/dashboard"},
		{servertest.Reviewer1, "/dashboard"}, {servertest.Reviewer1, "/assessments/" + id + "/review"},
		{servertest.Reviewer1, "/assessments/" + id + "/review/criteria/CHT-05"}, {servertest.Reviewer1, "/account"},
		{servertest.Secretariat, "/dashboard"}, {servertest.Secretariat, "/hotlines"}, {servertest.Secretariat, "/hotlines/new"},
		{servertest.Secretariat, "/users"}, {servertest.Secretariat, "/users/new"}, {servertest.Secretariat, "/users/" + app.Users[servertest.Reviewer1].ID},
		{servertest.Secretariat, "/audit"}, {servertest.Secretariat, "/frameworks"}, {servertest.Secretariat, "/frameworks/" + framework.ID},
		{servertest.Secretariat, "/frameworks/import"}, {servertest.Secretariat, "/assessments/" + id + "/reviewers"},
		{servertest.Secretariat, "/assessments/" + id + "/consolidation"}, {servertest.Secretariat, "/assessments/" + id + "/decision"},
		{servertest.Secretariat, "/assessments/" + id + "/clarifications/new"},
	}
	visit(t, app, before)
	_, cert, err := app.Svc.Decide(ctx, sec, id, assessments.DecisionInput{
		Outcome: models.OutcomeWithConditions, Rationale: "Chat escalation to be written.", DepartureReason: "The protocol exists in draft.",
		Conditions: []assessments.ConditionInput{{Text: "CHT-05: adopt the chat escalation protocol", Deadline: time.Now().AddDate(0, 6, 0).Format("2006-01-02")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	after := []pageVisit{
		{"", "/verify/" + cert.Number}, {"", "/register"},
		{servertest.ManagerA, "/assessments/" + id + "/results"}, {servertest.ManagerA, "/certificates/" + cert.Number},
		{servertest.Secretariat, "/certificates"}, {servertest.Secretariat, "/certificates/" + cert.Number},
		{servertest.Secretariat, "/certificates/" + cert.Number + "/revoke"}, {servertest.Secretariat, "/certificates/" + cert.Number + "/suspend"},
	}
	visit(t, app, after)
}

func visit(t *testing.T, app *servertest.App, pages []pageVisit) {
	t.Helper()
	for _, width := range []int{1280, 375} {
		browsers := map[string]context.Context{}
		for _, p := range pages {
			ctx, ok := browsers[p.role]
			if !ok {
				ctx = browser(t, width, true)
				if p.role != "" {
					signIn(t, ctx, app.URL, app.Users[p.role].Email, servertest.Password)
				}
				browsers[p.role] = ctx
			}
			do(t, ctx, "open "+p.path, chromedp.Navigate(app.URL+p.path))
			waitFor(t, ctx, "the page", `document.readyState === "complete" && document.querySelector("main") !== null`)
			where := fmt.Sprintf("%s as %q at %dpx", p.path, p.role, width)
			for _, v := range checkAxe(t, ctx) {
				t.Errorf("%s: %s", where, v)
			}
			if width == 375 && !noHorizontalScroll(t, ctx) {
				t.Errorf("%s: scrolls sideways", where)
			}
			if width == 375 {
				for _, small := range smallTargets(t, ctx) {
					t.Errorf("%s: tap target smaller than 24 px: %s", where, small)
				}
			}
			if lang := eval[string](t, ctx, `document.documentElement.lang`); lang == "" {
				t.Errorf("%s: no lang attribute", where)
			}
		}
	}
}
