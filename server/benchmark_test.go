package server_test

import (
	"context"
	"html"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"hotlineportal/server/servertest"
)

// benchmarkSection is one section of api.md's benchmark.
type benchmarkSection struct {
	Section       string   `json:"section"`
	Title         string   `json:"title"`
	Score         *float64 `json:"score"`
	NetworkMedian *float64 `json:"network_median"`
	NetworkN      int      `json:"network_n"`
}

// A hotline sees where it stands: in the API, on the results page and in
// the report, the network median is withheld with 4 other hotlines
// decided and shown with 5; only the hotline's manager and the
// secretariat see it.
func TestBenchmarkAcrossTheKThreshold(t *testing.T) {
	app := servertest.New(t)
	own := app.SeedDecidedHotlines(1, func(int) int { return 2 })[0]
	app.SeedDecidedHotlines(4, func(i int) int { return i + 1 }) // 1, 2, 3, 4
	path := "/api/v1/assessments/" + own.Assessment + "/benchmark"

	withheld := legSection(t, app.APIClient(own.Manager).JSON("GET", path, nil))
	if withheld.NetworkN != 4 || withheld.NetworkMedian != nil || withheld.Score == nil || *withheld.Score != 2 {
		t.Fatalf("4 others: %+v", withheld)
	}
	page := resultsPage(t, app, own)
	for _, want := range []string{"Summary", "Network median", "Withheld: fewer than 5 other hotlines decided", "What to improve first",
		"Current right to run the 116 000 number", "Number and legal conditions"} {
		if !strings.Contains(page, want) {
			t.Errorf("results page (withheld) lacks %q", want)
		}
	}
	if strings.Index(page, "Summary") > strings.Index(page, "Reviewers' scores and comments") {
		t.Error("the results page does not lead with the summary")
	}
	report, ok := reportText(t, app, own)
	for _, want := range []string{"Summary", "Withheld: fewer than 5 other hotlines decided", "What to improve first", "Current right to run the 116 000 number"} {
		if ok && !strings.Contains(report, want) {
			t.Errorf("report (withheld) lacks %q", want)
		}
	}

	app.SeedDecidedHotlines(1, func(int) int { return 4 }) // 1, 2, 3, 4, 4
	for _, key := range []string{own.Manager, servertest.Secretariat} {
		shown := legSection(t, app.APIClient(key).JSON("GET", path, nil))
		if shown.NetworkN != 5 || shown.NetworkMedian == nil || *shown.NetworkMedian != 3 || shown.Title != "Number and legal conditions" {
			t.Fatalf("5 others, as %s: %+v", key, shown)
		}
	}
	page = resultsPage(t, app, own)
	if strings.Contains(page, "Withheld: fewer than") || !strings.Contains(page, "(5 other hotlines)") {
		t.Errorf("results page (shown) still withholds the LEG median")
	}
	if report, ok := reportText(t, app, own); ok && !strings.Contains(report, "3 (5 other hotlines)") {
		t.Errorf("report (shown) lacks the median:\n%s", report)
	}

	// The same summary in French, criteria named by their French titles.
	fr := app.SignIn(own.Manager)
	fr.PostForm("/language", url.Values{"lang": {"fr"}, "next": {"/dashboard"}})
	if r := fr.Get("/assessments/" + own.Assessment + "/results"); !strings.Contains(html.UnescapeString(r.Body), "Droit en vigueur d'exploiter le numéro 116 000") ||
		!strings.Contains(r.Body, "Médiane du réseau") {
		t.Errorf("French results page without French titles")
	}

	for key, want := range map[string]int{servertest.Reviewer1: 404, servertest.ManagerA: 404} {
		if r := app.APIClient(key).JSON("GET", path, nil); r.StatusCode != want {
			t.Errorf("as %s: %d, want %d", key, r.StatusCode, want)
		}
	}
	draft := app.StartAssessment(servertest.ManagerA).ID
	if r := app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/assessments/"+draft+"/benchmark", nil); r.StatusCode != 409 {
		t.Errorf("undecided: %d, want 409", r.StatusCode)
	}
}

// legSection reads the LEG section of a benchmark answer.
func legSection(t *testing.T, r *servertest.Response) benchmarkSection {
	t.Helper()
	if r.StatusCode != 200 {
		t.Fatalf("benchmark: %d %.300s", r.StatusCode, r.Body)
	}
	var b struct {
		Sections []benchmarkSection `json:"sections"`
	}
	r.Decode(&b)
	for _, s := range b.Sections {
		if s.Section == "LEG" {
			return s
		}
	}
	t.Fatalf("no LEG section in %s", r.Body)
	return benchmarkSection{}
}

// resultsPage is the results page as the hotline's manager sees it, its
// entities decoded.
func resultsPage(t *testing.T, app *servertest.App, d servertest.Decided) string {
	t.Helper()
	r := app.SignIn(d.Manager).Get("/assessments/" + d.Assessment + "/results")
	if r.StatusCode != 200 {
		t.Fatalf("results page: %d", r.StatusCode)
	}
	return html.UnescapeString(r.Body)
}

// reportText is the text of the report PDF (pdftotext -raw, whitespace
// collapsed); false without pdftotext, which CI must have.
func reportText(t *testing.T, app *servertest.App, d servertest.Decided) (string, bool) {
	t.Helper()
	r := app.APIClient(d.Manager).JSON("GET", "/api/v1/assessments/"+d.Assessment+"/report.pdf", nil)
	if r.StatusCode != 200 {
		t.Fatalf("report: %d", r.StatusCode)
	}
	return pdfText(t, r.Body)
}

// pdfText is a PDF's text (pdftotext -raw, whitespace collapsed); false
// without pdftotext, which CI must have.
func pdfText(t *testing.T, pdf string) (string, bool) {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pdftotext is required in CI: %v", err)
		}
		t.Log("pdftotext not installed: the PDF's text is not checked")
		return "", false
	}
	cmd := exec.Command(tool, "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " "), true
}

// smallNetworkPortal is a fresh portal with one hotline decided and 4
// peers: its results summary withholds every network median.
func smallNetworkPortal(t *testing.T) *portalState {
	ps := newPortalState(t)
	a := ps.app
	decided := a.SeedDecidedHotlines(5, func(i int) int { return i % 5 })
	own := decided[0]
	ps.roles = []string{"", servertest.Secretariat, own.Manager, servertest.ManagerA, servertest.Reviewer1}
	ps.full = map[string]bool{"": true, servertest.Secretariat: true, servertest.ManagerA: true}
	ps.add("assessment", own.Assessment, decided[1].Assessment)
	ps.add("hotline", own.Hotline, a.HotlineA.ID)
	for _, key := range sortedKeys(a.Users) {
		ps.add("user", a.Users[key].ID)
	}
	ps.finish(nil)
	ps.requireBenchmark(own.Assessment, true)
	return ps
}

// requireBenchmark makes sure the crawl meets a results summary in the
// state wanted: every network median withheld, or every one shown.
func (ps *portalState) requireBenchmark(assessmentID string, withheld bool) {
	ps.app.T.Helper()
	b, err := ps.app.Svc.Benchmark(context.Background(), servertest.SystemActor(), assessmentID)
	if err != nil {
		ps.app.T.Fatal(err)
	}
	for _, s := range b.Sections {
		if s.Score != nil && s.Withheld() != withheld {
			ps.app.T.Fatalf("section %s of the seeded results summary: withheld %v, want %v", s.Code, s.Withheld(), withheld)
		}
	}
}
