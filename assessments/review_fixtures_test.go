package assessments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// Fixtures for the review, decision and certificate tests: an assessment
// of hotline A (Greek) taken through the procedure by the domain itself.

var ctx = context.Background()

// submitted answers every criterion of a new assessment of hotline A and
// submits it.
func submitted(t *testing.T, env *domaintest.Env) string {
	t.Helper()
	as := env.StartAssessment(domaintest.ManagerA)
	mgr := env.Actor(domaintest.ManagerA)
	q, err := env.Svc.LoadQuestionnaire(ctx, mgr, as.ID)
	if err != nil {
		t.Fatal(err)
	}
	met := models.LevelMet
	for _, it := range q.Items() {
		in := assessments.AnswerInput{Level: &met, Narrative: "Round one: " + it.Criterion.Code, Version: it.Answer.Version}
		if _, err := env.Svc.SaveAnswer(ctx, mgr, as.ID, it.Criterion.Code, in); err != nil {
			t.Fatalf("answer %s: %v", it.Criterion.Code, err)
		}
	}
	if _, err := env.Svc.Submit(ctx, mgr, as.ID); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return as.ID
}

// inReview is a submitted assessment with both fixture reviewers assigned.
func inReview(t *testing.T, env *domaintest.Env) string {
	t.Helper()
	id := submitted(t, env)
	for _, key := range []string{domaintest.Reviewer1, domaintest.Reviewer2} {
		if _, err := env.Svc.Assign(ctx, env.Actor(domaintest.Secretariat), id, env.Users[key].ID, ""); err != nil {
			t.Fatalf("assign %s: %v", key, err)
		}
	}
	return id
}

// scoreAll has a reviewer score every applicable criterion with value,
// or with the override given for a criterion.
func scoreAll(t *testing.T, env *domaintest.Env, id, reviewerKey string, value int, overrides map[string]int) {
	t.Helper()
	q, err := env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.Secretariat), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range q.Items() {
		if !it.Applicable {
			continue
		}
		v := value
		if o, ok := overrides[it.Criterion.Code]; ok {
			v = o
		}
		in := assessments.ScoreInput{Score: &v, Comment: "Checked against the evidence."}
		if _, err := env.Svc.SaveScore(ctx, env.Actor(reviewerKey), id, it.Criterion.Code, in); err != nil {
			t.Fatalf("score %s by %s: %v", it.Criterion.Code, reviewerKey, err)
		}
	}
}

// submitReview sends a reviewer's review.
func submitReview(t *testing.T, env *domaintest.Env, id, reviewerKey string) {
	t.Helper()
	in := assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "Fine."}
	if _, err := env.Svc.SubmitReview(ctx, env.Actor(reviewerKey), id, in); err != nil {
		t.Fatalf("review by %s: %v", reviewerKey, err)
	}
}

// reviewed is an assessment both reviewers scored (value, or overrides
// per reviewer key) and reviewed.
func reviewed(t *testing.T, env *domaintest.Env, value int, overrides map[string]map[string]int) string {
	t.Helper()
	id := inReview(t, env)
	for _, key := range []string{domaintest.Reviewer1, domaintest.Reviewer2} {
		scoreAll(t, env, id, key, value, overrides[key])
		submitReview(t, env, id, key)
	}
	return id
}

// newUser creates an account for a test.
func newUser(t *testing.T, env *domaintest.Env, in assessments.UserInput) *models.User {
	t.Helper()
	u, err := env.Svc.CreateUserWithPassword(ctx, domaintest.SystemActor(), in, domaintest.Password)
	if err != nil {
		t.Fatalf("user %s: %v", in.Email, err)
	}
	return u
}

// actorOf is a user acting.
func actorOf(u *models.User) assessments.Actor { return assessments.Actor{User: u, IP: "test"} }

// status is an assessment's status as the secretariat sees it.
func status(t *testing.T, env *domaintest.Env, id string) models.Status {
	t.Helper()
	q, err := env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.Secretariat), id)
	if err != nil {
		t.Fatal(err)
	}
	return q.Assessment.Status
}

// expectErr checks an error against what a case expects: nil, an error
// errors.Is recognises (ErrNotFound, ErrForbidden), a conflict key
// ("conflict:error.x") or a validation field, with its message key when
// given ("field:name" or "field:name=error.x").
func expectErr(t *testing.T, err error, want string) {
	t.Helper()
	var conflict *assessments.ConflictError
	var invalid *assessments.ValidationError
	switch {
	case want == "":
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	case want == "not found":
		if !errors.Is(err, assessments.ErrNotFound) {
			t.Fatalf("got %v, want not found", err)
		}
	case want == "forbidden":
		if !errors.Is(err, assessments.ErrForbidden) {
			t.Fatalf("got %v, want forbidden", err)
		}
	case want == "stale":
		if !errors.Is(err, assessments.ErrStale) {
			t.Fatalf("got %v, want stale", err)
		}
	case strings.HasPrefix(want, "conflict:"):
		if !errors.As(err, &conflict) || conflict.Key != want[9:] {
			t.Fatalf("got %v, want %s", err, want)
		}
	case strings.HasPrefix(want, "field:"):
		field, key, _ := strings.Cut(want[6:], "=")
		if !errors.As(err, &invalid) {
			t.Fatalf("got %v, want a validation error on %s", err, field)
		}
		if m, ok := invalid.Fields[field]; !ok || (key != "" && m.Key != key) {
			t.Fatalf("got %v, want %s", err, want)
		}
	default:
		t.Fatalf("bad expectation %q", want)
	}
}
