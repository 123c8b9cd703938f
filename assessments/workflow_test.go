package assessments_test

import (
	"errors"
	"fmt"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

var states = []models.Status{models.StatusDraft, models.StatusSubmitted, models.StatusInReview,
	models.StatusChangesRequested, models.StatusReviewed, models.StatusDecided}

// allowed is the workflow of design.md, written out: every (transition,
// role, state) that may go ahead.
var allowed = map[string]bool{
	"submit manager draft":                  true,
	"assign secretariat submitted":          true,
	"assign secretariat in_review":          true,
	"clarify reviewer in_review":            true,
	"clarify secretariat in_review":         true,
	"resubmit manager changes_requested":    true,
	"submit_review reviewer in_review":      true,
	"reconcile secretariat in_review":       true,
	"reconcile secretariat reviewed":        true,
	"decide secretariat reviewed":           true,
	"score reviewer in_review":              true,
	"edit_answer manager draft":             true,
	"edit_answer manager changes_requested": true,
}

// targets is where each transition leads ("" where the operation decides,
// or nothing moves).
var targets = map[assessments.Transition]models.Status{
	assessments.TransSubmit:       models.StatusSubmitted,
	assessments.TransAssign:       models.StatusInReview,
	assessments.TransClarify:      models.StatusChangesRequested,
	assessments.TransResubmit:     models.StatusInReview,
	assessments.TransSubmitReview: "",
	assessments.TransReconcile:    models.StatusInReview,
	assessments.TransDecide:       models.StatusDecided,
	assessments.TransScore:        "",
	assessments.TransEditAnswer:   "",
}

// roleMay tells whether a role may ever do a transition.
func roleMay(tr assessments.Transition, role models.Role) bool {
	for _, st := range states {
		if allowed[fmt.Sprintf("%s %s %s", tr, role, st)] {
			return true
		}
	}
	return false
}

// Every transition for every role and state: exactly the allowed ones
// pass and lead where the workflow says; a role that may never do it is
// forbidden (403), a wrong state a conflict (409) naming the transition.
func TestCheckTransition(t *testing.T) {
	t.Parallel()
	roles := append([]models.Role{""}, models.Roles...)
	for _, tr := range assessments.Transitions() {
		if got, want := tr.Target(), targets[tr]; got != want {
			t.Errorf("%s leads to %q, want %q", tr, got, want)
		}
		for _, role := range roles {
			for _, st := range states {
				name := fmt.Sprintf("%s %s %s", tr, role, st)
				t.Run(name, func(t *testing.T) {
					err := assessments.CheckTransition(tr, role, st)
					var conflict *assessments.ConflictError
					switch {
					case allowed[name]:
						if err != nil {
							t.Errorf("refused: %v", err)
						}
					case !roleMay(tr, role):
						if !errors.Is(err, assessments.ErrForbidden) {
							t.Errorf("got %v, want forbidden", err)
						}
					case !errors.As(err, &conflict):
						t.Errorf("got %v, want a conflict", err)
					case conflict.Key != "error.transition."+string(tr):
						t.Errorf("conflict %q, want error.transition.%s", conflict.Key, tr)
					}
				})
			}
		}
	}
	if len(assessments.Transitions()) != len(targets) {
		t.Errorf("%d transitions, the test knows %d", len(assessments.Transitions()), len(targets))
	}
	if err := assessments.CheckTransition("fly", models.RoleSecretariat, models.StatusDraft); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("an unknown transition: %v, want forbidden", err)
	}
}

// operation is a domain operation behind one or more transitions, done by
// a fixture user on a cycle's assessment.
type operation struct {
	name string
	trs  []assessments.Transition
	do   func(c *cycle, key, code string) error
}

// operations are the workflow's transitions as the domain offers them;
// code is a criterion that applies (the one reopened when sent back).
var operations = []operation{
	{"submit", []assessments.Transition{assessments.TransSubmit, assessments.TransResubmit}, func(c *cycle, key, _ string) error {
		_, err := c.env.Svc.Submit(c.t.Context(), c.env.Actor(key), c.as.ID)
		return err
	}},
	{"assign", []assessments.Transition{assessments.TransAssign}, func(c *cycle, key, _ string) error {
		_, err := c.env.Svc.Assign(c.t.Context(), c.env.Actor(key), c.as.ID, c.env.Users[domaintest.Reviewer2].ID, "")
		return err
	}},
	{"clarify", []assessments.Transition{assessments.TransClarify}, func(c *cycle, key, code string) error {
		return c.env.Svc.RequestClarification(c.t.Context(), c.env.Actor(key), c.as.ID,
			assessments.ClarificationInput{Criteria: []string{code}, Message: "Which rota?"})
	}},
	{"submit_review", []assessments.Transition{assessments.TransSubmitReview}, func(c *cycle, key, _ string) error {
		_, err := c.env.Svc.SubmitReview(c.t.Context(), c.env.Actor(key), c.as.ID,
			assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "Sound."})
		return err
	}},
	{"reconcile", []assessments.Transition{assessments.TransReconcile}, func(c *cycle, key, code string) error {
		return c.env.Svc.AskToReconcile(c.t.Context(), c.env.Actor(key), c.as.ID, code, "Please agree.")
	}},
	{"decide", []assessments.Transition{assessments.TransDecide}, func(c *cycle, key, _ string) error {
		_, _, err := c.env.Svc.Decide(c.t.Context(), c.env.Actor(key), c.as.ID,
			assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Every criterion met."})
		return err
	}},
	{"score", []assessments.Transition{assessments.TransScore}, func(c *cycle, key, code string) error {
		score := 2
		_, err := c.env.Svc.SaveScore(c.t.Context(), c.env.Actor(key), c.as.ID, code, assessments.ScoreInput{Score: &score, Comment: "Partly."})
		return err
	}},
	{"edit_answer", []assessments.Transition{assessments.TransEditAnswer}, func(c *cycle, key, code string) error {
		_, err := c.env.Svc.SaveAnswer(c.t.Context(), c.env.Actor(key), c.as.ID, code,
			assessments.AnswerInput{Level: level(models.LevelPartiallyMet), Narrative: "Partly.", Version: c.answer(code).Version})
		return err
	}},
}

// actors are the fixture users who try every operation: one of each role
// that may see the assessment once assigned, and two who never may.
var actors = []string{domaintest.Secretariat, domaintest.ManagerA, domaintest.Reviewer1, domaintest.ManagerB, domaintest.Reviewer2}

// roleOf is the role of each fixture user.
var roleOf = map[string]models.Role{
	domaintest.Secretariat: models.RoleSecretariat,
	domaintest.ManagerA:    models.RoleManager, domaintest.ManagerB: models.RoleManager,
	domaintest.Reviewer1: models.RoleReviewer, domaintest.Reviewer2: models.RoleReviewer,
}

// opAllowed tells whether the workflow lets a fixture user's role do op in
// st.
func opAllowed(op operation, key string, st models.Status) bool {
	for _, tr := range op.trs {
		if assessments.CheckTransition(tr, roleOf[key], st) == nil {
			return true
		}
	}
	return false
}

// sees tells whether a fixture user may see hotline A's assessment in a
// state built by reach: Reviewer1 once assigned (from in_review on).
func sees(key string, st models.Status) bool {
	switch key {
	case domaintest.ManagerB, domaintest.Reviewer2:
		return false
	case domaintest.Reviewer1:
		return st != models.StatusDraft && st != models.StatusSubmitted
	}
	return true
}

// Every operation by every fixture user in every state, through the
// domain: what the workflow refuses answers 404 to those who may not see
// the assessment, 403 to a role that may never do it, 409 in a wrong
// state, and changes nothing at all.
func TestWorkflowRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	for _, st := range states {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			_, c := reach(t, st)
			code := c.firstApplicable()
			for _, op := range operations {
				for _, key := range actors {
					if sees(key, st) && opAllowed(op, key, st) {
						continue
					}
					t.Run(op.name+" by "+key, func(t *testing.T) {
						c := &cycle{t: t, env: c.env, as: c.as}
						before := c.fingerprint()
						err := op.do(c, key, code)
						switch {
						case !sees(key, st):
							if !errors.Is(err, assessments.ErrNotFound) {
								t.Errorf("got %v, want not found", err)
							}
						case !roleMayAny(op, roleOf[key]):
							if !errors.Is(err, assessments.ErrForbidden) {
								t.Errorf("got %v, want forbidden", err)
							}
						case !isConflict(err):
							t.Errorf("got %v, want a conflict", err)
						}
						if after := c.fingerprint(); after != before {
							t.Errorf("a refusal changed something:\nbefore %s\nafter  %s", before, after)
						}
					})
				}
			}
		})
	}
}

func roleMayAny(op operation, role models.Role) bool {
	for _, tr := range op.trs {
		if roleMay(tr, role) {
			return true
		}
	}
	return false
}

// Every allowed operation, each on a fresh assessment in its state, goes
// through and leaves the assessment where the workflow says.
func TestWorkflowAllowedOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op   string
		key  string
		from models.Status
		to   models.Status
	}{
		{"submit", domaintest.ManagerA, models.StatusDraft, models.StatusSubmitted},
		{"submit", domaintest.ManagerA, models.StatusChangesRequested, models.StatusInReview}, // resubmit
		{"assign", domaintest.Secretariat, models.StatusSubmitted, models.StatusInReview},
		{"assign", domaintest.Secretariat, models.StatusInReview, models.StatusInReview},
		{"clarify", domaintest.Reviewer1, models.StatusInReview, models.StatusChangesRequested},
		{"clarify", domaintest.Secretariat, models.StatusInReview, models.StatusChangesRequested},
		{"submit_review", domaintest.Reviewer1, models.StatusInReview, models.StatusReviewed}, // the only reviewer
		{"reconcile", domaintest.Secretariat, models.StatusInReview, models.StatusInReview},
		{"reconcile", domaintest.Secretariat, models.StatusReviewed, models.StatusInReview},
		{"decide", domaintest.Secretariat, models.StatusReviewed, models.StatusDecided},
		{"score", domaintest.Reviewer1, models.StatusInReview, models.StatusInReview},
		{"edit_answer", domaintest.ManagerA, models.StatusDraft, models.StatusDraft},
		{"edit_answer", domaintest.ManagerA, models.StatusChangesRequested, models.StatusChangesRequested},
	}
	byName := map[string]operation{}
	for _, op := range operations {
		byName[op.name] = op
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[fmt.Sprintf("%s %s %s", tt.op, tt.key, tt.from)] = true
	}
	// The table above must be every allowed combination of the fixtures.
	for _, op := range operations {
		for _, key := range actors {
			for _, st := range states {
				name := fmt.Sprintf("%s %s %s", op.name, key, st)
				if sees(key, st) && opAllowed(op, key, st) != covered[name] {
					t.Errorf("%s: allowed by the workflow %v, tested %v", name, !covered[name], covered[name])
				}
			}
		}
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s by %s from %s", tt.op, tt.key, tt.from), func(t *testing.T) {
			t.Parallel()
			_, c := reach(t, tt.from)
			before := c.stored()
			if err := byName[tt.op].do(c, tt.key, c.firstApplicable()); err != nil {
				t.Fatalf("refused: %v", err)
			}
			after := c.stored()
			if after.Status != tt.to {
				t.Errorf("status %s, want %s", after.Status, tt.to)
			}
			if tt.from != tt.to && after.Version != before.Version+1 {
				t.Errorf("version %d after %d, want one more", after.Version, before.Version)
			}
		})
	}
}
