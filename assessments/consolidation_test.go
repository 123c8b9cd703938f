package assessments_test

import (
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// Scores line up per criterion in assignment order, unscored where
// missing, with the comments in the same order.
func TestConsolidationInput(t *testing.T) {
	t.Parallel()
	items := []*assessments.Item{
		{Criterion: framework.Criterion{Code: "LEG-01"}, Applicable: true},
		{Criterion: framework.Criterion{Code: "CHT-05"}, Applicable: false},
	}
	asgs := []models.Assignment{{ReviewerID: "r2"}, {ReviewerID: "r1"}}
	scores := []models.Score{
		{ReviewerID: "r1", Criterion: "LEG-01", Score: intp(4)},
		{ReviewerID: "r2", Criterion: "LEG-01", Score: intp(2), Comment: "Partly."},
		{ReviewerID: "r1", Criterion: "CHT-05"}, // N/A
		{ReviewerID: "gone", Criterion: "LEG-01", Score: intp(0)},
	}
	input, comments := assessments.ConsolidationInput(items, asgs, scores)
	if len(input) != 2 || input[0].Code != "LEG-01" || !input[0].Applicable || input[1].Applicable {
		t.Fatalf("input %+v", input)
	}
	leg := input[0].Scores
	if len(leg) != 2 || leg[0].ReviewerID != "r2" || *leg[0].Value != 2 || *leg[1].Value != 4 || !leg[0].Scored || !leg[1].Scored {
		t.Fatalf("LEG-01 %+v", leg)
	}
	cht := input[1].Scores
	if cht[0].Scored || !cht[1].Scored || cht[1].Value != nil {
		t.Fatalf("CHT-05: r2 unscored, r1 N/A: %+v", cht)
	}
	if c := comments["LEG-01"]; len(c) != 2 || c[0] != "Partly." || c[1] != "" {
		t.Fatalf("comments %q", c)
	}
}

// The secretariat sees the consolidation; the hotline's manager only once
// decided; nobody else.
func TestMaySeeConsolidation(t *testing.T) {
	t.Parallel()
	hotline := "0190d6a4-0000-7000-8000-00000000000a"
	mgr := &models.User{Role: models.RoleManager, HotlineID: &hotline}
	cases := []struct {
		name   string
		user   *models.User
		status models.Status
		want   bool
	}{
		{"secretariat in review", &models.User{Role: models.RoleSecretariat}, models.StatusReviewed, true},
		{"manager before the decision", mgr, models.StatusReviewed, false},
		{"manager after the decision", mgr, models.StatusDecided, true},
		{"another hotline's manager", &models.User{Role: models.RoleManager}, models.StatusDecided, false},
		{"reviewer", &models.User{Role: models.RoleReviewer}, models.StatusDecided, false},
		{"nobody", nil, models.StatusDecided, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			as := &models.Assessment{HotlineID: hotline, Status: c.status}
			if got := assessments.MaySeeConsolidation(assessments.Actor{User: c.user}, as); got != c.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

// The consolidation flags a gap of 2 or more and proposes the outcome the
// rule gives, with its reasons.
func TestLoadConsolidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		overrides map[string]map[string]int
		proposed  scoring.Outcome
		reason    string
		disagree  []string
	}{
		{"all met", nil, scoring.Accredited, scoring.ReasonAllMet, nil},
		{"a mandatory criterion at 2", map[string]map[string]int{domaintest.Reviewer1: {"GOV-01": 2}, domaintest.Reviewer2: {"GOV-01": 2}},
			scoring.AccreditedWithConditions, scoring.ReasonMandatoryConditional, nil},
		{"reviewers 2 apart", map[string]map[string]int{domaintest.Reviewer1: {"LEG-02": 4}, domaintest.Reviewer2: {"LEG-02": 2}},
			"", "", []string{"LEG-02"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := domaintest.New(t, nil)
			id := reviewed(t, env, 3, c.overrides)
			con, err := env.Svc.LoadConsolidation(ctx, env.Actor(domaintest.Secretariat), id)
			if err != nil {
				t.Fatal(err)
			}
			if c.proposed != "" && (con.Result.Proposed != c.proposed || con.Result.Reasons[0].Key != c.reason) {
				t.Fatalf("proposed %s %+v", con.Result.Proposed, con.Result.Reasons)
			}
			var flagged []string
			for _, d := range con.Disagreements() {
				flagged = append(flagged, d.Code)
			}
			if len(flagged) != len(c.disagree) || (len(flagged) > 0 && flagged[0] != c.disagree[0]) {
				t.Fatalf("disagreements %v", flagged)
			}
			if len(con.Assignments) != 2 || len(con.Reviews) != 2 || len(con.Comments["LEG-01"]) != 2 {
				t.Fatalf("%d assignments, %d reviews", len(con.Assignments), len(con.Reviews))
			}
			for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
				_, err := env.Svc.LoadConsolidation(ctx, env.Actor(key), id)
				expectErr(t, err, "forbidden")
			}
		})
	}
}
