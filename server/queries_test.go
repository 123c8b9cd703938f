package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

// countQueries counts every SQL statement the portal runs from now on.
func countQueries(t *testing.T, app *servertest.App) func() int {
	t.Helper()
	statements := recordStatements(t, app)
	return func() int { return len(statements()) }
}

// No N+1: the questionnaire, workspace and consolidation pages run the
// same number of queries however many answers, evidence items and scores
// the assessment has.
func TestPagesRunAFixedNumberOfQueries(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 3, nil)
	n := countQueries(t, app)
	pages := []struct {
		role, path string
	}{
		{servertest.ManagerA, "/assessments/" + id + "/check"},
		{servertest.ManagerA, "/assessments/" + id},
		{servertest.Reviewer1, "/assessments/" + id + "/review"},
		{servertest.Reviewer1, "/assessments/" + id + "/review/criteria/CHT-05"},
		{servertest.Secretariat, "/assessments/" + id + "/consolidation"},
	}
	clients := map[string]*servertest.Client{}
	measure := func() []int64 {
		var out []int64
		for _, p := range pages {
			c, ok := clients[p.role]
			if !ok {
				c = app.APIClient(p.role)
				clients[p.role] = c
			}
			before := n()
			if r := c.JSON("GET", p.path, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p.path, r.StatusCode)
			}
			out = append(out, int64(n()-before))
		}
		return out
	}
	first := measure()
	// Add many evidence links and messages, then measure again.
	ctx := context.Background()
	if err := app.DB.Exec("UPDATE assessments SET status = 'draft' WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		code := []string{"LEG-01", "GOV-01", "CAS-02", "CHT-05"}[i%4]
		if _, err := app.Svc.AddEvidenceLink(ctx, assessments.Actor{User: app.Users[servertest.ManagerA]}, id, code, fmt.Sprintf("https://example.org/%d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	app.DB.Exec("UPDATE assessments SET status = 'reviewed' WHERE id = ?", id)
	second := measure()
	for i, p := range pages {
		if first[i] != second[i] {
			t.Errorf("%s: %d queries, then %d with more evidence", p.path, first[i], second[i])
		}
		if first[i] > 20 {
			t.Errorf("%s runs %d queries", p.path, first[i])
		}
		t.Logf("%s: %d queries", p.path, first[i])
	}
}
