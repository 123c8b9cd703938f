package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/server/servertest"
)

// apartOnFirst has the two reviewers score the first criterion apart and
// every other alike.
func apartOnFirst(i, c, j, r int) *int {
	v := (i + j + c) % 5
	if j == 0 {
		v = (i*3 + r*2 + c) % 5
	}
	return &v
}

// The agreement figures follow api.md: overall, per criterion and per
// reviewer pair (ids sorted), alpha null where undefined; only the
// secretariat may ask, and an unknown version is 422 on its field.
func TestAPIAgreement(t *testing.T) {
	t.Parallel()
	var empty struct {
		Overall struct {
			Alpha *float64 `json:"alpha"`
			Units int      `json:"units"`
		} `json:"overall"`
		ReviewerPairs []any `json:"reviewer_pairs"`
	}
	res := servertest.New(t).APIClient(servertest.Secretariat).Get("/api/v1/analytics/agreement")
	res.Decode(&empty)
	if res.StatusCode != http.StatusOK || empty.Overall.Alpha != nil || empty.Overall.Units != 0 || empty.ReviewerPairs == nil {
		t.Fatalf("empty network: %d %s", res.StatusCode, res.Body)
	}
	// The figures are cached a few seconds: the seeded network is
	// another portal.
	app := servertest.New(t)
	api := app.APIClient(servertest.Secretariat)
	app.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 5, Cycles: 2, Score: apartOnFirst})
	var body struct {
		FrameworkVersion string `json:"framework_version"`
		Overall          struct {
			Alpha *float64 `json:"alpha"`
			Units int      `json:"units"`
		} `json:"overall"`
		Criteria []struct {
			Criterion string   `json:"criterion"`
			Alpha     *float64 `json:"alpha"`
			Units     int      `json:"units"`
			Flagged   bool     `json:"flagged"`
		} `json:"criteria"`
		ReviewerPairs []struct {
			Reviewers []string `json:"reviewers"`
			Alpha     *float64 `json:"alpha"`
			Units     int      `json:"units"`
		} `json:"reviewer_pairs"`
	}
	res = api.Get("/api/v1/analytics/agreement")
	res.Decode(&body)
	if res.StatusCode != http.StatusOK || body.FrameworkVersion == "" || body.Overall.Alpha == nil || len(body.Criteria) < 2 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	first, second := body.Criteria[0], body.Criteria[1]
	if !first.Flagged || first.Alpha == nil || *first.Alpha >= 0.667 || first.Units != 10 {
		t.Errorf("criterion scored apart: %+v", first)
	}
	if second.Flagged || second.Alpha == nil || *second.Alpha != 1 {
		t.Errorf("criterion scored alike: %+v", second)
	}
	if len(body.ReviewerPairs) != 1 || len(body.ReviewerPairs[0].Reviewers) != 2 || body.ReviewerPairs[0].Reviewers[0] >= body.ReviewerPairs[0].Reviewers[1] {
		t.Errorf("pairs %+v", body.ReviewerPairs)
	}
	for _, key := range []string{servertest.ManagerA, servertest.Reviewer1} {
		if got := app.APIClient(key).Get("/api/v1/analytics/agreement").StatusCode; got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", key, got)
		}
	}
	bad := api.Get("/api/v1/analytics/agreement?framework_version=99.9")
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `"framework_version"`) {
		t.Errorf("unknown version: %d %s", bad.StatusCode, bad.Body)
	}
}

// The agreement page names the criteria to reword and the pairs, least
// agreeing first; the framework view flags the same criteria; the
// network page links to both the agreement and the exports.
func TestAgreementPages(t *testing.T) {
	t.Parallel()
	empty := servertest.New(t).SignIn(servertest.Secretariat).Get("/network/agreement")
	if empty.StatusCode != http.StatusOK || !strings.Contains(empty.Body, `class="empty"`) {
		t.Fatalf("empty: %d", empty.StatusCode)
	}
	app := servertest.New(t)
	web := app.SignIn(servertest.Secretariat)
	app.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 5, Cycles: 2, Score: apartOnFirst})
	page := web.Get("/network/agreement")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("status %d", page.StatusCode)
	}
	for _, want := range []string{"Criteria reviewers read apart", "Reword?", "1 pair of reviewers", "Rita Reviewer", `href="/network"`, "<caption>"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("agreement page lacks %q", want)
		}
	}
	fw, _, err := app.Svc.CurrentFramework(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	view := web.Get("/frameworks/" + fw.ID)
	if view.StatusCode != http.StatusOK || !strings.Contains(view.Body, "Reviewers score one criterion of this version apart") || !strings.Contains(view.Body, "Reviewers disagree (alpha") {
		t.Errorf("framework view without the flag: %d", view.StatusCode)
	}
	network := web.Get("/network")
	for _, want := range []string{`href="/network/agreement"`, `href="/exports"`} {
		if !strings.Contains(network.Body, want) {
			t.Errorf("network page lacks a link %s", want)
		}
	}
	// The language is the account's: French from here on.
	fr := app.SignIn(servertest.Secretariat)
	fr.PostForm("/language", url.Values{"lang": {"fr"}, "next": {"/dashboard"}})
	if got := fr.Get("/network/agreement"); !strings.Contains(got.Body, "0,") || !strings.Contains(got.Body, "Les évaluateurs sont-ils d’accord ?") {
		t.Errorf("French page without French decimals or title")
	}
}
