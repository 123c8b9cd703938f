package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

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

// Every page, signed in as each role, in each state the data can be in
// (servertest.SeedEveryState, and lists longer than a page from
// SeedFullLists), at desktop width and at 375 px: zero WCAG 2.0/2.1 A and
// AA violations, no sideways scrolling on a phone, tap targets of at least
// 24 px, and the page's language declared. Each page is visited once for
// each state that changes it, as a role that sees that state (see visit
// for what runs at which width).
func TestAccessibilityOfEveryPage(t *testing.T) {
	app := servertest.New(t)
	st := app.SeedEveryState()
	app.SeedFullLists()
	pages := append(publicPages(st), managerPages(app, st)...)
	pages = append(pages, reviewerPages(st)...)
	pages = append(pages, secretariatPages(app, st)...)
	for _, width := range []int{1280, 375} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			t.Parallel()
			visit(t, app, width, pages, "")
		})
	}
}

// The pages read right in the network's other scripts and its smallest
// language: a sample of each role's screens (one of each kind, in the
// states that show the most: a question with a draft translation, a
// decision, a certificate), at desktop width, in Greek, Bulgarian and
// Maltese, the person's own language preference cleared so that the
// language switcher's cookie decides. The full crawl above runs in English.
func TestAccessibilityInOtherLanguages(t *testing.T) {
	app := servertest.New(t)
	st := app.SeedEveryState()
	if err := app.DB.Exec(`UPDATE users SET language = ''`).Error; err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	framework, _, _ := app.Svc.CurrentFramework(ctx)
	as := func(state string) string { return "/assessments/" + st.Assessments[state] }
	m := st.Managers
	inReview := as(servertest.StateInReview)
	pages := []pageVisit{
		{"", "/login"}, {"", "/verify/" + st.Certificates[models.CertValid]},
		{m[servertest.StateDraftPartial], "/dashboard"}, {m[servertest.StateDraftPartial], as(servertest.StateDraftPartial)},
		{m[servertest.StateDraftPartial], as(servertest.StateDraftPartial) + "/criteria/LEG-01"},
		{m[servertest.StateDraftPartial], as(servertest.StateDraftPartial) + "/check"},
		{m[servertest.StateAccredited], as(servertest.StateAccredited) + "/results"},
		{servertest.Reviewer1, inReview + "/review"}, {servertest.Reviewer1, inReview + "/review/criteria/LEG-02"},
		{servertest.Secretariat, "/dashboard"}, {servertest.Secretariat, "/frameworks/" + framework.ID},
		{servertest.Secretariat, as(servertest.StateReviewed) + "/decision"}, {servertest.Secretariat, "/certificates/" + st.Certificates[models.CertValid]},
	}
	for _, lang := range []string{"el", "bg", "mt"} {
		t.Run(lang, func(t *testing.T) {
			visit(t, app, 1280, pages, lang)
		})
	}
}

// publicPages are the pages anyone may open, certificates in each status.
func publicPages(st *servertest.States) []pageVisit {
	pages := []pageVisit{
		{"", "/login"}, {"", "/password/forgot"}, {"", "/accessibility"}, {"", "/privacy"}, {"", "/register"},
		{"", "/verify/MCE-1999-XX-0001"}, {"", "/password/set/not-a-token"}, {"", "/password/set/" + st.InvitationToken}, {"", "/no-such-page"},
	}
	for _, status := range []string{models.CertValid, models.CertSuspended, models.CertRevoked, models.CertExpired} {
		pages = append(pages, pageVisit{"", "/verify/" + st.Certificates[status]})
	}
	return pages
}

// managerPages are the questionnaire, results and certificate pages in
// each state, each as the manager of the hotline in it.
func managerPages(app *servertest.App, st *servertest.States) []pageVisit {
	as, m := st.Assessments, st.Managers
	in := func(state string, paths ...string) []pageVisit {
		var out []pageVisit
		for _, p := range paths {
			out = append(out, pageVisit{m[state], strings.ReplaceAll(p, "{id}", "/assessments/"+as[state])})
		}
		return out
	}
	var pages []pageVisit
	for _, group := range [][]pageVisit{
		in(servertest.StateDraftPartial, "{id}", "{id}/sections/LEG", "{id}/criteria/LEG-01", "{id}/check",
			"/evidence/"+st.Evidence["file"]+"/remove", "/hotlines/"+app.HotlineA.ID, "/hotlines/"+app.HotlineA.ID+"/edit", "/account"),
		in(servertest.StateSubmitted, "{id}", "{id}/criteria/LEG-01", "{id}/check", "{id}/submitted"),
		in(servertest.StateChangesRequested, "/dashboard", "{id}", "{id}/criteria/LEG-01", "{id}/check"),
		in(servertest.StateRenewal, "{id}", "{id}/criteria/LEG-03", "/certificates/"+st.Certificates[models.CertExpired]),
		in(servertest.StateAccredited, "{id}/results", "/certificates/"+st.Certificates[models.CertValid]),
		in(servertest.StateWithConditions, "/dashboard", "{id}/results"),
		in(servertest.StateNotAccredited, "{id}/results"),
		in(servertest.StateSuspended, "/notifications", "/certificates/"+st.Certificates[models.CertSuspended]),
		in(servertest.StateRevoked, "/certificates/"+st.Certificates[models.CertRevoked]),
		{{servertest.ManagerLists, "/dashboard"}, {servertest.ManagerLists, "/assessments?page=2"}, {servertest.ManagerLists, "/certificates?page=2"}, {servertest.ManagerLists, "/notifications"}},
	} {
		pages = append(pages, group...)
	}
	return pages
}

// reviewerPages are the review workspace before the declaration, while
// scoring and after submission, and a second round's criterion.
func reviewerPages(st *servertest.States) []pageVisit {
	as := st.Assessments
	r1, r2 := servertest.Reviewer1, servertest.Reviewer2
	inReview := "/assessments/" + as[servertest.StateInReview]
	return []pageVisit{
		{r1, "/dashboard"}, {r1, "/assessments?page=2"}, {r1, "/notifications"}, {r1, "/account"},
		{r1, inReview + "/review"}, {r1, inReview + "/review/criteria/LEG-02"}, {r1, inReview + "/review/submit"}, {r1, inReview + "/clarifications/new"},
		{r1, "/assessments/" + as[servertest.StateReviewed] + "/review"},
		{r2, inReview + "/review"}, {r2, "/assessments/" + as[servertest.StateResubmitted] + "/review/criteria/LEG-01"},
		{servertest.ReviewerUnassigned, "/dashboard"}, {servertest.ReviewerUnassigned, "/account"},
	}
}

// secretariatPages are the secretariat's lists, full, and its pages on
// each state of an assessment, a certificate, an account and a framework.
func secretariatPages(app *servertest.App, st *servertest.States) []pageVisit {
	ctx := context.Background()
	framework, _, _ := app.Svc.CurrentFramework(ctx)
	as := func(state string) string { return "/assessments/" + st.Assessments[state] }
	valid := "/certificates/" + st.Certificates[models.CertValid]
	var pages []pageVisit
	for _, p := range []string{
		"/dashboard", "/worklist", "/notifications", "/hotlines", "/hotlines/new", "/hotlines/" + st.Hotlines["disabled"],
		"/users", "/users/new", "/users/" + app.Users[servertest.Reviewer1].ID, "/users/" + app.Users[servertest.InvitedUser].ID,
		"/audit?page=2", "/frameworks", "/frameworks/" + framework.ID, "/frameworks/" + st.Frameworks["draft"], "/frameworks/import",
		"/assessments", as(servertest.StateSubmitted) + "/reviewers", as(servertest.StateInReview) + "/reviewers", as(servertest.StateResubmitted),
		as(servertest.StateReviewed) + "/consolidation", as(servertest.StateReviewed) + "/decision", as(servertest.StateWithConditions) + "/results",
		"/certificates", valid, valid + "/suspend", valid + "/revoke", "/certificates/" + st.Certificates[models.CertSuspended],
		// Issue 14: exports (the form, and a filter at fault shown on it).
		"/exports", "/exports?assessment_id=" + st.Assessments[servertest.StateReviewed], "/exports/scores.csv?country=XX",
	} {
		pages = append(pages, pageVisit{servertest.Secretariat, p})
	}
	// Issue 14: the network at a glance, whole and filtered to one
	// country with one hotline's trend.
	pages = append(pages, pageVisit{servertest.Secretariat, "/network"}, pageVisit{servertest.Secretariat, "/network/agreement"})
	if results, _ := models.ListResults(ctx, app.DB, models.ResultFilter{}); len(results) > 0 {
		r := results[len(results)-1]
		pages = append(pages, pageVisit{servertest.Secretariat, "/network?country=" + r.Hotline.Country + "&hotline_id=" + r.HotlineID})
	}
	return pages
}

// visit opens each page at one width, each role in its own browser, and
// checks it. At desktop width axe checks every page; on a phone, the
// first page of each route and of each role (the layout is the
// template's, the menu the role's; the states' content was checked at
// desktop width), and every page is checked for sideways scrolling and
// tap targets.
func visit(t *testing.T, app *servertest.App, width int, pages []pageVisit, lang string) {
	t.Helper()
	browsers := map[string]context.Context{}
	axed := map[string]bool{}
	for _, p := range pages {
		ctx, ok := browsers[p.role]
		if !ok {
			ctx = browser(t, width, true)
			if lang != "" {
				do(t, ctx, "open the sign-in page", chromedp.Navigate(app.URL+"/login"))
				eval[string](t, ctx, `document.cookie = "lang=`+lang+`; path=/; SameSite=Lax"`)
			}
			if p.role != "" {
				signIn(t, ctx, app.URL, app.Users[p.role].Email, servertest.Password)
			}
			browsers[p.role] = ctx
		}
		do(t, ctx, "open "+p.path, chromedp.Navigate(app.URL+p.path))
		waitFor(t, ctx, "the page", `document.readyState === "complete" && document.querySelector("main") !== null`)
		where := fmt.Sprintf("%s as %q at %dpx", p.path, p.role, width)
		if route := routeOf(p.path); width > 375 || !axed[route] || !axed["as "+p.role] {
			axed[route], axed["as "+p.role] = true, true
			for _, v := range checkAxe(t, ctx) {
				t.Errorf("%s: %s", where, v)
			}
		}
		if width == 375 && !noHorizontalScroll(t, ctx) {
			t.Errorf("%s: scrolls sideways", where)
		}
		if width == 375 {
			for _, small := range smallTargets(t, ctx) {
				t.Errorf("%s: tap target smaller than 24 px: %s", where, small)
			}
		}
		if got := eval[string](t, ctx, `document.documentElement.lang`); got == "" || (lang != "" && got != lang) {
			t.Errorf("%s: lang attribute %q, want %q", where, got, lang)
		}
	}
}

var idSegment = regexp.MustCompile(`/(?:[0-9a-f]{8}-[0-9a-f-]{27}|MCE-[0-9]{4}-[A-Z]{2}-[0-9]+|[A-Z]{3}-[0-9]{2}|[A-Z]{3})(/|$)`)

// routeOf is a path without its query and with identifiers, criterion
// and section codes replaced: the page template it shows.
func routeOf(path string) string {
	path, _, _ = strings.Cut(path, "?")
	for {
		next := idSegment.ReplaceAllString(path, "/:x$1")
		if next == path {
			return path
		}
		path = next
	}
}
