package server_test

import (
	"net/http"
	"strings"
	"testing"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/server/servertest"
)

// The network figures follow api.md: each hotline's latest decided
// assessment with its section scores, and per criterion the reviewers'
// scores counted; only the secretariat may ask, and a bad filter is 422
// naming its field.
func TestAPINetworkAnalytics(t *testing.T) {
	t.Parallel()
	app := servertest.New(t)
	seeded := app.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 3, Cycles: 2, Countries: []string{"GR", "BG"}})
	api := app.APIClient(servertest.Secretariat)
	res := api.Get("/api/v1/analytics/network")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var body struct {
		FrameworkVersion string           `json:"framework_version"`
		Hotlines         []map[string]any `json:"hotlines"`
		Criteria         []struct {
			Criterion    string         `json:"criterion"`
			N            *int           `json:"n"`
			Mean         *float64       `json:"mean"`
			Distribution map[string]int `json:"distribution"`
		} `json:"criteria"`
		Weakest []map[string]any `json:"weakest"`
		Trend   []map[string]any `json:"trend"`
	}
	res.Decode(&body)
	if len(body.Hotlines) != 3 || body.FrameworkVersion == "" || len(body.Weakest) != 10 || len(body.Trend) != 2 {
		t.Fatalf("body %+v", body)
	}
	for _, key := range []string{"hotline_id", "name", "country", "assessment_id", "status", "sections", "overall", "outcome"} {
		if _, ok := body.Hotlines[0][key]; !ok {
			t.Errorf("hotline entry lacks %q: %v", key, body.Hotlines[0])
		}
	}
	if _, ok := body.Hotlines[0]["sections"].(map[string]any)["LEG"]; !ok {
		t.Errorf("sections by code: %v", body.Hotlines[0]["sections"])
	}
	c := body.Criteria[1]
	if c.Criterion == "" || c.N == nil || *c.N != 6 || c.Mean == nil || len(c.Distribution) != 5 {
		t.Errorf("criterion entry %+v, want six scores spread over 0-4", c)
	}
	for _, key := range []string{servertest.ManagerA, servertest.Reviewer1} {
		if got := app.APIClient(key).Get("/api/v1/analytics/network").StatusCode; got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", key, got)
		}
	}
	for query, field := range map[string]string{
		"?country=Greece":                "country",
		"?framework_version=99.9":        "framework_version",
		"?hotline_id=" + app.HotlineA.ID: "hotline_id",
	} {
		res := api.Get("/api/v1/analytics/network" + query)
		var e struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		res.Decode(&e)
		if res.StatusCode != http.StatusUnprocessableEntity || e.Error.Fields[field] == "" {
			t.Errorf("%s: %d %s, want 422 on %s", query, res.StatusCode, res.Body, field)
		}
	}
	one := api.Get("/api/v1/analytics/network?country=bg&hotline_id=" + seeded.Hotlines[1].ID)
	if one.StatusCode != http.StatusOK || !strings.Contains(one.Body, `"cycles":[{`) || strings.Count(one.Body, `"hotline_id"`) != 2 {
		t.Errorf("one country and one hotline's cycles: %d %s", one.StatusCode, one.Body)
	}
}

// The network page draws its charts as SVG, each followed by a table of
// the same figures; at more than 50 hotlines the heatmap pages; a bearer
// token opens it as it opens other pages (the load tool); an empty
// network says so.
func TestNetworkPage(t *testing.T) {
	t.Parallel()
	app := servertest.New(t)
	web := app.SignIn(servertest.Secretariat)
	empty := web.Get("/network")
	if empty.StatusCode != http.StatusOK || strings.Contains(empty.Body, "<svg") || !strings.Contains(empty.Body, `class="empty"`) {
		t.Fatalf("empty network: %d", empty.StatusCode)
	}
	seeded := app.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 55, Cycles: 2})
	page := web.Get("/network")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("status %d", page.StatusCode)
	}
	for _, want := range []string{`role="img"`, "<caption>", `scope="row"`, `rel="next"`, "Network hotline 0000", `aria-current="page">Network`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page.Body, "<svg"); n != 4 {
		t.Errorf("%d charts, want heatmap, legend, distributions and trend", n)
	}
	second := web.Get("/network?page=2&hotline_id=" + seeded.Hotlines[0].ID)
	if second.StatusCode != http.StatusOK || !strings.Contains(second.Body, `id="hotline-trend"`) || strings.Count(second.Body, "<svg") != 5 {
		t.Errorf("second page with a hotline's trend: %d", second.StatusCode)
	}
	if got := app.APIClient(servertest.Secretariat).Get("/network").StatusCode; got != http.StatusOK {
		t.Errorf("with a bearer token: %d", got)
	}
	if got := web.Get("/network?country=nonsense").StatusCode; got != http.StatusUnprocessableEntity {
		t.Errorf("bad country: %d, want 422", got)
	}
}
