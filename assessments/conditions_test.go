package assessments_test

import (
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// decidedWithConditions is hotline A accredited with one condition per
// due date given (days from now).
func decidedWithConditions(t *testing.T, env *domaintest.Env, days ...int) string {
	t.Helper()
	low := map[string]int{"GOV-01": 2}
	id := reviewed(t, env, 3, map[string]map[string]int{domaintest.Reviewer1: low, domaintest.Reviewer2: low})
	in := assessments.DecisionInput{Outcome: models.OutcomeWithConditions, Rationale: "Audited accounts missing."}
	for i, d := range days {
		in.Conditions = append(in.Conditions, assessments.ConditionInput{
			Text: "Condition " + string(rune('A'+i)), Deadline: env.Clock.Now().AddDate(0, 0, d).UTC().Format(time.RFC3339)})
	}
	if _, _, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, in); err != nil {
		t.Fatalf("decide: %v", err)
	}
	return id
}

// A manager's note is taken for a condition not yet accepted, and must
// say something.
func TestConditionEvidenceRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status string
		note   string
		want   string
	}{
		{"open", models.ConditionOpen, "Published on our site.", ""},
		{"submitted before", models.ConditionSubmitted, "A better link.", ""},
		{"empty note", models.ConditionOpen, "", "field:note=error.condition_note_required"},
		{"accepted", models.ConditionAccepted, "More.", "conflict:error.condition_accepted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectErr(t, assessments.CheckConditionEvidence(&models.Condition{Status: c.status}, c.note), c.want)
		})
	}
}

// Conditions, step by step: listed soonest first, evidence from the
// hotline's manager, acceptance by the secretariat, once.
func TestConditionTracking(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := decidedWithConditions(t, env, 90, 30)
	sec, mgr := env.Actor(domaintest.Secretariat), env.Actor(domaintest.ManagerA)
	conds, err := env.Svc.Conditions(ctx, mgr, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(conds) != 2 || conds[0].Text != "Condition B" || !conds[0].Deadline.Before(conds[1].Deadline) {
		t.Fatalf("conditions %+v", conds)
	}
	if _, err := env.Svc.Conditions(ctx, env.Actor(domaintest.ManagerB), id); err == nil {
		t.Fatal("another hotline's manager sees the conditions")
	}
	first := conds[0].ID
	steps := []struct {
		name   string
		accept bool
		actor  assessments.Actor
		id     string
		note   string
		want   string
		status string
	}{
		{"evidence by the secretariat", false, sec, first, "x", "forbidden", ""},
		{"evidence by another manager", false, env.Actor(domaintest.ManagerB), first, "x", "not found", ""},
		{"an unknown condition", false, mgr, "not-an-id", "x", "not found", ""},
		{"evidence without a note", false, mgr, first, "  ", "field:note", ""},
		{"evidence", false, mgr, first, "Published on our website.", "", models.ConditionSubmitted},
		{"acceptance by the manager", true, mgr, first, "", "forbidden", ""},
		{"acceptance by its reviewer", true, env.Actor(domaintest.Reviewer1), first, "", "forbidden", ""},
		{"acceptance", true, sec, first, "", "", models.ConditionAccepted},
		{"accepted twice", true, sec, first, "", "conflict:error.condition_accepted", ""},
		{"evidence after acceptance", false, mgr, first, "More.", "conflict:error.condition_accepted", ""},
	}
	for _, st := range steps {
		var c *models.Condition
		var err error
		if st.accept {
			c, err = env.Svc.AcceptCondition(ctx, st.actor, st.id)
		} else {
			c, err = env.Svc.SubmitConditionEvidence(ctx, st.actor, st.id, st.note)
		}
		t.Run(st.name, func(t *testing.T) {
			expectErr(t, err, st.want)
			if st.status != "" && c.Status != st.status {
				t.Fatalf("status %s", c.Status)
			}
		})
	}
	conds, _ = env.Svc.Conditions(ctx, sec, id)
	if conds[0].Status != models.ConditionAccepted || conds[0].AcceptedBy != env.Users[domaintest.Secretariat].ID || conds[0].EvidenceNote != "Published on our website." {
		t.Fatalf("stored %+v", conds[0])
	}
}

// A condition is overdue once its deadline passes unless accepted; only
// the secretariat has the list.
func TestOverdueConditions(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := decidedWithConditions(t, env, 10, 60)
	sec := env.Actor(domaintest.Secretariat)
	overdue := func() []string {
		t.Helper()
		list, err := env.Svc.OverdueConditions(ctx, sec)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.Text+"@"+c.Hotline.Country)
		}
		return out
	}
	if got := overdue(); len(got) != 0 {
		t.Fatalf("overdue before any deadline: %v", got)
	}
	env.Clock.Advance(11 * 24 * time.Hour)
	if got := overdue(); len(got) != 1 || got[0] != "Condition A@GR" {
		t.Fatalf("after the first deadline: %v", got)
	}
	env.Clock.Advance(50 * 24 * time.Hour)
	if got := overdue(); len(got) != 2 || got[0] != "Condition A@GR" {
		t.Fatalf("after both deadlines, most overdue first: %v", got)
	}
	conds, _ := env.Svc.Conditions(ctx, sec, id)
	if _, err := env.Svc.AcceptCondition(ctx, sec, conds[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := overdue(); len(got) != 1 || got[0] != "Condition B@GR" {
		t.Fatalf("after accepting one: %v", got)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		_, err := env.Svc.OverdueConditions(ctx, env.Actor(key))
		expectErr(t, err, "forbidden")
	}
}
