package assessments_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// The rules of a decision: the outcome, the rationale, a reason to depart
// from the proposal, and conditions exactly with an accreditation with
// conditions, each with a text and a due date in the future.
func TestDecisionRules(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	cond := func(text, due string) []assessments.ConditionInput {
		return []assessments.ConditionInput{{Text: text, Deadline: due}}
	}
	const with, acc, not = models.OutcomeWithConditions, models.OutcomeAccredited, models.OutcomeNotAccredited
	cases := []struct {
		name      string
		in        assessments.DecisionInput
		proposed  string
		want      []string
		wantConds int
	}{
		{"accredited as proposed", assessments.DecisionInput{Outcome: acc, Rationale: "All met."}, acc, nil, 0},
		{"not accredited as proposed", assessments.DecisionInput{Outcome: not, Rationale: "Critical gaps."}, not, nil, 0},
		{"with conditions as proposed", assessments.DecisionInput{Outcome: with, Rationale: "Gaps.", Conditions: cond("Publish accounts", "2026-09-30")}, with, nil, 1},
		{"an alias of an outcome", assessments.DecisionInput{Outcome: "accredit", Rationale: "x"}, acc, []string{"outcome=error.outcome"}, 0},
		{"no outcome", assessments.DecisionInput{Rationale: "x"}, acc, []string{"outcome=error.outcome"}, 0},
		{"no rationale", assessments.DecisionInput{Outcome: acc, Rationale: " "}, acc, []string{"rationale=error.rationale_required"}, 0},
		{"departure: the rationale serves as its reason", assessments.DecisionInput{Outcome: acc, Rationale: "Good enough."}, with, nil, 0},
		{"departure without rationale or reason", assessments.DecisionInput{Outcome: acc, Rationale: " "}, with, []string{"rationale=error.rationale_required", "departure_reason=error.departure_reason_required"}, 0},
		{"departure with reason", assessments.DecisionInput{Outcome: acc, Rationale: "x", DepartureReason: "Fixed since."}, with, nil, 0},
		{"conditions required", assessments.DecisionInput{Outcome: with, Rationale: "x"}, with, []string{"conditions=error.conditions_required"}, 0},
		{"only blank rows", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond(" ", "")}, with, []string{"conditions=error.conditions_required"}, 0},
		{"conditions refused with accredited", assessments.DecisionInput{Outcome: acc, Rationale: "x", Conditions: cond("Publish", "2026-09-30")}, acc, []string{"conditions=error.conditions_only_with_conditions"}, 1},
		{"conditions refused with not accredited", assessments.DecisionInput{Outcome: not, Rationale: "x", Conditions: cond("Publish", "2026-09-30")}, not, []string{"conditions=error.conditions_only_with_conditions"}, 1},
		{"a condition without text", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("", "2026-09-30")}, with, []string{"conditions.0=error.condition_text"}, 1},
		{"a condition without due date", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "")}, with, []string{"conditions.0=error.condition_deadline"}, 1},
		{"a due date not a date", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "in six months")}, with, []string{"conditions.0=error.condition_deadline"}, 1},
		{"a due date past", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "2026-03-09")}, with, []string{"conditions.0=error.condition_deadline_past"}, 1},
		{"due today counts to the end of the day", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "2026-03-10")}, with, nil, 1},
		{"due at an RFC 3339 time", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "2026-04-01T12:00:00+02:00")}, with, nil, 1},
		{"an RFC 3339 time past", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: cond("Publish", "2026-03-10T08:00:00Z")}, with, []string{"conditions.0=error.condition_deadline_past"}, 1},
		{"the second condition wrong", assessments.DecisionInput{Outcome: with, Rationale: "x", Conditions: []assessments.ConditionInput{
			{Text: "Publish", Deadline: "2026-09-30"}, {Text: "", Deadline: ""}, {Text: "Train", Deadline: "soon"}}}, with, []string{"conditions.2=error.condition_deadline"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conds, err := assessments.CheckDecision(c.in, c.proposed, now)
			if len(c.want) == 0 {
				expectErr(t, err, "")
			}
			for _, w := range c.want {
				expectErr(t, err, "field:"+w)
			}
			if len(conds) != c.wantConds {
				t.Fatalf("%d conditions", len(conds))
			}
		})
	}
}

// A deadline ("due_at") is a date (the end of that day, UTC) or an RFC
// 3339 time.
func TestParseDeadline(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-06-30", time.Date(2026, 6, 30, 23, 59, 0, 0, time.UTC), true},
		{" 2026-06-30 ", time.Date(2026, 6, 30, 23, 59, 0, 0, time.UTC), true},
		{"2026-06-30T10:00:00+02:00", time.Date(2026, 6, 30, 8, 0, 0, 0, time.UTC), true},
		{"30/06/2026", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, ok := assessments.ParseDeadline(c.in)
			if ok != c.ok || (ok && !got.Equal(c.want)) {
				t.Fatalf("got %v %v", got, ok)
			}
		})
	}
}

// The decision's JSON is {"outcome","rationale","departure_reason",
// "conditions":[{"text","due_at"}]}: other keys are not read.
func TestDecisionInputJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		want       assessments.ConditionInput
		bad        bool
	}{
		{"text and due_at", `{"conditions":[{"text":"Publish","due_at":"2026-06-30"}]}`, assessments.ConditionInput{Text: "Publish", Deadline: "2026-06-30"}, false},
		{"old keys are not read", `{"conditions":[{"description":"Publish","deadline":"2026-06-30","due":"x","due_date":"y"}]}`, assessments.ConditionInput{}, false},
		{"a plain string", `{"conditions":["Publish"]}`, assessments.ConditionInput{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in assessments.DecisionInput
			err := json.Unmarshal([]byte(c.body), &in)
			if c.bad != (err != nil) {
				t.Fatalf("error %v", err)
			}
			if !c.bad && (len(in.Conditions) != 1 || in.Conditions[0] != c.want) {
				t.Fatalf("got %+v", in.Conditions)
			}
		})
	}
}

// Numbers are MCE-year-country-sequence, four digits.
func TestCertificateNumbering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		year    int
		country string
		n       int64
		want    string
	}{
		{2026, "GR", 0, "MCE-2026-GR-0001"},
		{2026, "GR", 2, "MCE-2026-GR-0003"},
		{2027, "BG", 41, "MCE-2027-BG-0042"},
		{2027, "PL", 9999, "MCE-2027-PL-10000"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			if got := assessments.CertificateNumber(assessments.CertificatePrefix(c.year, c.country), c.n); got != c.want {
				t.Fatalf("got %s", got)
			}
		})
	}
}

// Decide, step by step on a reviewed assessment that the rule proposes
// to accredit with conditions (a mandatory criterion at 2).
func TestDecide(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	low := map[string]int{"GOV-01": 2}
	id := reviewed(t, env, 3, map[string]map[string]int{domaintest.Reviewer1: low, domaintest.Reviewer2: low})
	sec := env.Actor(domaintest.Secretariat)
	now := env.Clock.Now().UTC()
	// A certificate of another Greek hotline this year: the next number.
	other := env.StartAssessment(domaintest.ManagerB)
	taken := &models.Certificate{ID: models.NewID(), Number: fmt.Sprintf("MCE-%d-GR-0001", now.Year()), AssessmentID: other.ID, HotlineID: env.HotlineB.ID,
		Country: "GR", ValidFrom: now, ValidUntil: now.AddDate(3, 0, 0), IssuedAt: now}
	if err := env.DB.Create(taken).Error; err != nil {
		t.Fatal(err)
	}
	due := now.AddDate(0, 6, 0).Format("2006-01-02")
	withConds := assessments.DecisionInput{Outcome: models.OutcomeWithConditions, Rationale: "Audited accounts missing.",
		Conditions: []assessments.ConditionInput{{Text: "GOV-01: publish audited accounts", Deadline: due}}}
	steps := []struct {
		name  string
		actor assessments.Actor
		in    assessments.DecisionInput
		want  string
	}{
		{"the manager", env.Actor(domaintest.ManagerA), withConds, "forbidden"},
		{"a reviewer", env.Actor(domaintest.Reviewer1), withConds, "forbidden"},
		{"departure without rationale or reason", sec, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: ""}, "field:departure_reason"},
		{"conditions missing", sec, assessments.DecisionInput{Outcome: models.OutcomeWithConditions, Rationale: "x"}, "field:conditions"},
		{"with conditions", sec, withConds, ""},
		{"a second decision", sec, withConds, "conflict:error.transition.decide"},
	}
	var cert *models.Certificate
	for _, st := range steps {
		_, c, err := env.Svc.Decide(ctx, st.actor, id, st.in)
		if c != nil {
			cert = c
		}
		t.Run(st.name, func(t *testing.T) { expectErr(t, err, st.want) })
	}
	if cert == nil {
		t.Fatal("no certificate")
	}
	if want := fmt.Sprintf("MCE-%d-GR-0002", now.Year()); cert.Number != want {
		t.Fatalf("number %s, want %s", cert.Number, want)
	}
	if !cert.ValidUntil.Equal(cert.ValidFrom.AddDate(3, 0, 0)) || cert.Outcome != models.OutcomeWithConditions ||
		cert.Conditions != "GOV-01: publish audited accounts — "+due || cert.HotlineName != env.HotlineA.Name {
		t.Fatalf("certificate %+v", cert)
	}
	if got := status(t, env, id); got != models.StatusDecided {
		t.Fatalf("status %s", got)
	}
	conds, err := env.Svc.Conditions(ctx, sec, id)
	if err != nil || len(conds) != 1 || conds[0].Status != models.ConditionOpen || conds[0].Deadline.Format("2006-01-02") != due {
		t.Fatalf("conditions %+v %v", conds, err)
	}
}

// A refusal issues no certificate; a departure is recorded with its
// reason.
func TestDecideNotAccredited(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	d, cert, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, assessments.DecisionInput{
		Outcome: models.OutcomeNotAccredited, Rationale: "Evidence found forged.", DepartureReason: "Site visit."})
	if err != nil {
		t.Fatal(err)
	}
	if cert != nil || d.ProposedOutcome != models.OutcomeAccredited || d.DepartureReason != "Site visit." {
		t.Fatalf("decision %+v, certificate %v", d, cert)
	}
	if got := status(t, env, id); got != models.StatusDecided {
		t.Fatalf("status %s", got)
	}
}
