package assessments_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

func intp(v int) *int { return &v }

// The rules of one score: present, 0-4 or N/A, a comment below 3.
func TestScoreRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   assessments.ScoreInput
		want string
	}{
		{"4 without comment", assessments.ScoreInput{Score: intp(4)}, ""},
		{"3 without comment", assessments.ScoreInput{Score: intp(3)}, ""},
		{"2 with comment", assessments.ScoreInput{Score: intp(2), Comment: "No written procedure."}, ""},
		{"0 with comment", assessments.ScoreInput{Score: intp(0), Comment: "Absent."}, ""},
		{"N/A without comment", assessments.ScoreInput{NA: true}, ""},
		{"absent", assessments.ScoreInput{Comment: "forgot the score"}, "field:score=error.score_required"},
		{"absent with nothing", assessments.ScoreInput{}, "field:score=error.score_required"},
		{"5", assessments.ScoreInput{Score: intp(5), Comment: "x"}, "field:score=error.score_range"},
		{"-1", assessments.ScoreInput{Score: intp(-1), Comment: "x"}, "field:score=error.score_range"},
		{"a score and N/A at once", assessments.ScoreInput{Score: intp(3), NA: true}, "field:score=error.score_range"},
		{"2 without comment", assessments.ScoreInput{Score: intp(2)}, "field:comment=error.comment_required"},
		{"1 with blank comment", assessments.ScoreInput{Score: intp(1), Comment: " \n\t"}, "field:comment=error.comment_required"},
		{"comment too long", assessments.ScoreInput{Score: intp(4), Comment: strings.Repeat("é", assessments.MaxNarrative+1)}, "field:comment=error.too_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectErr(t, assessments.CheckScore(c.in), c.want)
		})
	}
}

// JSON tells "score": null (N/A) from no "score" at all (refused by the
// rule); a score that is not an integer does not decode (400).
func TestScoreInputJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		body    string
		score   *int
		na      bool
		comment string
		version *int
		bad     bool
	}{
		{name: "a score", body: `{"score":3,"comment":"ok"}`, score: intp(3), comment: "ok"},
		{name: "zero", body: `{"score":0,"comment":"none"}`, score: intp(0), comment: "none"},
		{name: "null is N/A", body: `{"score":null}`, na: true},
		{name: "null with spaces", body: `{"score":  null ,"version":2}`, na: true, version: intp(2)},
		{name: "absent", body: `{"comment":"x","version":1}`, comment: "x", version: intp(1)},
		{name: "empty object", body: `{}`},
		{name: "a string", body: `{"score":"3"}`, bad: true},
		{name: "a fraction", body: `{"score":1.5}`, bad: true},
		{name: "not an object", body: `[3]`, bad: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in assessments.ScoreInput
			err := json.Unmarshal([]byte(c.body), &in)
			if c.bad {
				if err == nil {
					t.Fatalf("decoded %+v", in)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameInt(in.Score, c.score) || in.NA != c.na || in.Comment != c.comment || !sameInt(in.Version, c.version) {
				t.Fatalf("got %+v", in)
			}
		})
	}
}

func sameInt(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// A save is stale when it names a version other than the stored one (0
// before the first save); no version is no check.
func TestStaleScore(t *testing.T) {
	t.Parallel()
	stored := &models.Score{Version: 3}
	cases := []struct {
		name    string
		cur     *models.Score
		version *int
		want    bool
	}{
		{"first save, no version", nil, nil, false},
		{"first save, version 0", nil, intp(0), false},
		{"first save, version 1", nil, intp(1), true},
		{"update, no version", stored, nil, false},
		{"update, current version", stored, intp(3), false},
		{"update, older version", stored, intp(2), true},
		{"update, version 0", stored, intp(0), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := assessments.StaleScore(c.cur, c.version); got != c.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

// SaveScore, step by step on one assessment in review: who may score,
// versions, and nothing after the review is in.
func TestSaveScore(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	outsider := newUser(t, env, assessments.UserInput{Email: "outsider@test.example", Name: "Otto Outsider", Role: "reviewer", Country: "DE"})
	r1 := domaintest.Reviewer1
	steps := []struct {
		name    string
		actor   assessments.Actor
		code    string
		in      assessments.ScoreInput
		want    string
		version int
	}{
		{"first score", env.Actor(r1), "LEG-01", assessments.ScoreInput{Score: intp(3), Version: intp(0)}, "", 1},
		{"absent score changes nothing", env.Actor(r1), "LEG-01", assessments.ScoreInput{Comment: "x", Version: intp(1)}, "field:score=error.score_required", 0},
		{"N/A over version 1", env.Actor(r1), "LEG-01", assessments.ScoreInput{NA: true, Version: intp(1)}, "", 2},
		{"stale version", env.Actor(r1), "LEG-01", assessments.ScoreInput{Score: intp(4), Version: intp(1)}, "stale", 0},
		{"below 3 needs a comment", env.Actor(r1), "LEG-01", assessments.ScoreInput{Score: intp(2), Version: intp(2)}, "field:comment=error.comment_required", 0},
		{"below 3 with a comment", env.Actor(r1), "LEG-01", assessments.ScoreInput{Score: intp(2), Comment: "Partly.", Version: intp(2)}, "", 3},
		{"no version is not checked", env.Actor(r1), "LEG-01", assessments.ScoreInput{Score: intp(4)}, "", 4},
		{"new criterion with a version", env.Actor(r1), "GOV-01", assessments.ScoreInput{Score: intp(4), Version: intp(5)}, "stale", 0},
		{"unknown criterion", env.Actor(r1), "XXX-99", assessments.ScoreInput{Score: intp(4)}, "not found", 0},
		{"the other reviewer, independently", env.Actor(domaintest.Reviewer2), "LEG-01", assessments.ScoreInput{Score: intp(1), Comment: "Weak."}, "", 1},
		{"an unassigned reviewer", actorOf(outsider), "LEG-01", assessments.ScoreInput{Score: intp(4)}, "not found", 0},
		{"the secretariat", env.Actor(domaintest.Secretariat), "LEG-01", assessments.ScoreInput{Score: intp(4)}, "forbidden", 0},
		{"the hotline's manager", env.Actor(domaintest.ManagerA), "LEG-01", assessments.ScoreInput{Score: intp(4)}, "forbidden", 0},
		{"another hotline's manager", env.Actor(domaintest.ManagerB), "LEG-01", assessments.ScoreInput{Score: intp(4)}, "not found", 0},
	}
	for _, st := range steps {
		version, err := env.Svc.SaveScore(ctx, st.actor, id, st.code, st.in)
		t.Run(st.name, func(t *testing.T) {
			expectErr(t, err, st.want)
			if version != st.version {
				t.Fatalf("version %d, want %d", version, st.version)
			}
		})
	}
	var stale *assessments.StaleScoreError
	_, err := env.Svc.SaveScore(ctx, env.Actor(r1), id, "LEG-01", assessments.ScoreInput{Score: intp(4), Version: intp(1)})
	if !errors.As(err, &stale) || stale.Current.Version != 4 || stale.Current.Score == nil || *stale.Current.Score != 4 {
		t.Fatalf("a stale save does not carry the stored score: %v", err)
	}
	// The first score stood for the no-conflict declaration.
	w, err := env.Svc.LoadWorkspace(ctx, env.Actor(r1), id)
	if err != nil {
		t.Fatal(err)
	}
	if w.Assignment.Status != models.AssignmentAccepted {
		t.Fatalf("assignment %s after the first score", w.Assignment.Status)
	}
	// Once the review is in, the scores are final.
	scoreAll(t, env, id, r1, 4, nil)
	submitReview(t, env, id, r1)
	_, err = env.Svc.SaveScore(ctx, env.Actor(r1), id, "LEG-01", assessments.ScoreInput{Score: intp(3)})
	expectErr(t, err, "conflict:error.review_already_submitted")
}

// Scores are refused once every review is in and the assessment has left
// review.
func TestSaveScoreOutsideReview(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	_, err := env.Svc.SaveScore(ctx, env.Actor(domaintest.Reviewer2), id, "LEG-01", assessments.ScoreInput{Score: intp(3)})
	var conflict *assessments.ConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("score after the reviews: %v", err)
	}
}
