package assessments_test

import (
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// A review needs a known recommendation, a summary and every applicable
// criterion scored; each unscored criterion is named by its code.
func TestReviewRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		in       assessments.ReviewInput
		unscored []string
		want     []string
	}{
		{"accredit", assessments.ReviewInput{Recommendation: "accredit", Summary: "Strong."}, nil, nil},
		{"with conditions", assessments.ReviewInput{Recommendation: "accredit_with_conditions", Summary: "Gaps."}, nil, nil},
		{"not accredit", assessments.ReviewInput{Recommendation: "not_accredit", Summary: "Weak."}, nil, nil},
		{"an outcome, not a recommendation", assessments.ReviewInput{Recommendation: "accredited", Summary: "x"}, nil, []string{"recommendation=error.recommendation"}},
		{"no recommendation", assessments.ReviewInput{Summary: "x"}, nil, []string{"recommendation=error.recommendation"}},
		{"blank summary", assessments.ReviewInput{Recommendation: "accredit", Summary: "  "}, nil, []string{"summary=error.summary_required"}},
		{"unscored criteria", assessments.ReviewInput{Recommendation: "accredit", Summary: "x"}, []string{"LEG-01", "CHT-05"},
			[]string{"LEG-01=error.unscored", "CHT-05=error.unscored"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := assessments.CheckReview(c.in, c.unscored...)
			if len(c.want) == 0 {
				expectErr(t, err, "")
			}
			for _, w := range c.want {
				expectErr(t, err, "field:"+w)
			}
		})
	}
}

// SubmitReview, step by step: refused while a criterion is unscored, the
// status becomes reviewed only when every assigned reviewer's review is
// in, and the others' scores show only after one's own review.
func TestSubmitReview(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	r1, r2 := domaintest.Reviewer1, domaintest.Reviewer2
	fine := assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "Fine."}
	scoreAll(t, env, id, r1, 4, nil)
	scoreAll(t, env, id, r2, 3, nil)
	w, err := env.Svc.LoadWorkspace(ctx, env.Actor(r1), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Unscored()) != 0 || w.OthersVisible {
		t.Fatalf("workspace before the review: %d unscored, others visible %v", len(w.Unscored()), w.OthersVisible)
	}
	steps := []struct {
		name   string
		actor  assessments.Actor
		in     assessments.ReviewInput
		want   string
		status models.Status
	}{
		{"the secretariat", env.Actor(domaintest.Secretariat), fine, "forbidden", models.StatusInReview},
		{"the manager", env.Actor(domaintest.ManagerA), fine, "forbidden", models.StatusInReview},
		{"another manager", env.Actor(domaintest.ManagerB), fine, "not found", models.StatusInReview},
		{"a bad recommendation", env.Actor(r1), assessments.ReviewInput{Recommendation: "yes", Summary: "x"}, "field:recommendation", models.StatusInReview},
		{"reviewer 1", env.Actor(r1), fine, "", models.StatusInReview},
		{"reviewer 1 again", env.Actor(r1), fine, "conflict:error.review_already_submitted", models.StatusInReview},
		{"reviewer 2, the last", env.Actor(r2), fine, "", models.StatusReviewed},
	}
	for _, st := range steps {
		_, err := env.Svc.SubmitReview(ctx, st.actor, id, st.in)
		t.Run(st.name, func(t *testing.T) {
			expectErr(t, err, st.want)
			if got := status(t, env, id); got != st.status {
				t.Fatalf("status %s, want %s", got, st.status)
			}
		})
	}
	w, err = env.Svc.LoadWorkspace(ctx, env.Actor(r1), id)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := w.Item("LEG-01")
	if !w.OthersVisible || len(it.Others) != 1 || *it.Others[0].Score != 3 {
		t.Fatalf("others' scores after the review: visible %v, %d", w.OthersVisible, len(it.Others))
	}
}

// Every applicable criterion must be scored: each missing one is named.
func TestSubmitReviewUnscored(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	for _, code := range []string{"LEG-01", "GOV-01"} {
		if _, err := env.Svc.SaveScore(ctx, env.Actor(domaintest.Reviewer1), id, code, assessments.ScoreInput{NA: true}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := env.Svc.SubmitReview(ctx, env.Actor(domaintest.Reviewer1), id, assessments.ReviewInput{Recommendation: "accredit", Summary: "x"})
	expectErr(t, err, "field:CHT-05=error.unscored")
	var invalid *assessments.ValidationError
	if !errors.As(err, &invalid) {
		t.Fatal(err)
	}
	for _, code := range []string{"LEG-01", "GOV-01"} {
		if _, listed := invalid.Fields[code]; listed {
			t.Fatalf("%s, scored N/A, is reported unscored", code)
		}
	}
}

// Reconciliation withdraws both reviews (keeping each as a note in the
// thread) and puts the assessment back in review.
func TestAskToReconcile(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 3, map[string]map[string]int{domaintest.Reviewer2: {"LEG-01": 1}})
	sec := env.Actor(domaintest.Secretariat)
	cases := []struct {
		name, code, message string
		actor               assessments.Actor
		want                string
	}{
		{"a reviewer", "LEG-01", "Please look again.", env.Actor(domaintest.Reviewer1), "forbidden"},
		{"the manager", "LEG-01", "Please look again.", env.Actor(domaintest.ManagerA), "forbidden"},
		{"an unknown criterion", "XXX-01", "Please look again.", sec, "field:criterion=error.criterion_unknown"},
		{"no message", "LEG-01", " ", sec, "field:message=error.message_required"},
		{"the secretariat", "LEG-01", "You differ by 2 on LEG-01.", sec, ""},
		{"again, now in review", "LEG-01", "Still?", sec, ""},
	}
	for _, c := range cases {
		err := env.Svc.AskToReconcile(ctx, c.actor, id, c.code, c.message)
		t.Run(c.name, func(t *testing.T) { expectErr(t, err, c.want) })
	}
	if got := status(t, env, id); got != models.StatusInReview {
		t.Fatalf("status %s", got)
	}
	threads, err := env.Svc.Threads(ctx, sec, id)
	if err != nil {
		t.Fatal(err)
	}
	var notes, asks int
	for _, m := range threads[""] {
		if m.Kind == models.MessageNote && strings.Contains(m.Body, "Recommendation was: accredit. Fine.") {
			notes++
		}
	}
	for _, m := range threads["LEG-01"] {
		if m.Kind == models.MessageReconcile {
			asks++
		}
	}
	if notes != 2 || asks != 2 {
		t.Fatalf("%d withdrawn reviews kept, %d requests", notes, asks)
	}
	// The reviewers can change their scores and review again.
	if _, err := env.Svc.SaveScore(ctx, env.Actor(domaintest.Reviewer2), id, "LEG-01", assessments.ScoreInput{Score: intp(3)}); err != nil {
		t.Fatalf("score after reconciliation: %v", err)
	}
	submitReview(t, env, id, domaintest.Reviewer1)
	submitReview(t, env, id, domaintest.Reviewer2)
	if got := status(t, env, id); got != models.StatusReviewed {
		t.Fatalf("status %s after both reviews again", got)
	}
}
