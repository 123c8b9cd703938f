package assessments_test

import (
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// An answer's input: the four levels (or none), a justification for
// "not applicable", bounded valid text and a version that is not negative.
func TestAnswerInputCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   assessments.AnswerInput
		want map[string]string // field -> key; nil = accepted
	}{
		{"met", assessments.AnswerInput{Level: level(models.LevelMet)}, nil},
		{"partially met", assessments.AnswerInput{Level: level(models.LevelPartiallyMet), Narrative: "Mostly."}, nil},
		{"not met", assessments.AnswerInput{Level: level(models.LevelNotMet)}, nil},
		{"not applicable, justified", assessments.AnswerInput{Level: level(models.LevelNotApplicable), Narrative: "We run no chat."}, nil},
		{"no level yet, a narrative", assessments.AnswerInput{Narrative: "Draft text."}, nil},
		{"empty level means none", assessments.AnswerInput{Level: level("")}, nil},
		{"unknown level", assessments.AnswerInput{Level: level("excellent")}, map[string]string{"level": "error.level"}},
		{"not applicable without a justification", assessments.AnswerInput{Level: level(models.LevelNotApplicable)},
			map[string]string{"narrative": "error.justification_required"}},
		{"not applicable, blanks only", assessments.AnswerInput{Level: level(models.LevelNotApplicable), Narrative: " \n "},
			map[string]string{"narrative": "error.justification_required"}},
		{"narrative too long", assessments.AnswerInput{Narrative: strings.Repeat("λ", assessments.MaxNarrative+1)},
			map[string]string{"narrative": "error.too_long"}},
		{"narrative at the limit", assessments.AnswerInput{Narrative: strings.Repeat("λ", assessments.MaxNarrative)}, nil},
		{"narrative not UTF-8", assessments.AnswerInput{Narrative: "caf\xe9"}, map[string]string{"narrative": "error.invalid"}},
		{"negative version", assessments.AnswerInput{Version: -1}, map[string]string{"version": "error.invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := assessments.CheckAnswerInput(&in)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if in.Level != nil && *in.Level == "" {
					t.Error("an empty level was kept")
				}
				return
			}
			got := fieldKeys(t, err)
			if len(got) != len(tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
			for f, k := range tt.want {
				if got[f] != k {
					t.Errorf("field %s: %q, want %q", f, got[f], k)
				}
			}
		})
	}
}

// Saving answers on a draft: versions, who may, and what a refusal keeps.
func TestSaveAnswer(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	c := start(t, env)
	code := c.firstApplicable()
	v, err := c.save(code, models.LevelMet, "First words.  \n")
	if err != nil || v != 1 {
		t.Fatalf("first save: %d, %v", v, err)
	}
	if ans := c.answer(code); ans.Narrative != "First words." || ans.Version != 1 || *ans.Level != models.LevelMet {
		t.Errorf("stored %+v: want trailing blanks trimmed, version 1", ans)
	}
	tests := []struct {
		name  string
		key   string
		code  string
		in    assessments.AnswerInput
		check func(t *testing.T, err error)
	}{
		{"stale version keeps the newer answer", domaintest.ManagerA, code,
			assessments.AnswerInput{Level: level(models.LevelNotMet), Narrative: "Typed elsewhere.", Version: 0},
			func(t *testing.T, err error) {
				var stale *assessments.StaleAnswerError
				if !errors.As(err, &stale) || !errors.Is(err, assessments.ErrStale) {
					t.Fatalf("got %v, want a stale answer", err)
				}
				if stale.Current.Version != 1 || stale.Current.Narrative != "First words." {
					t.Errorf("current %+v, want the saved version 1", stale.Current)
				}
			}},
		{"version from the future", domaintest.ManagerA, code,
			assessments.AnswerInput{Level: level(models.LevelNotMet), Version: 7},
			func(t *testing.T, err error) {
				if !errors.Is(err, assessments.ErrStale) {
					t.Fatalf("got %v, want stale", err)
				}
			}},
		{"not applicable needs a justification", domaintest.ManagerA, code,
			assessments.AnswerInput{Level: level(models.LevelNotApplicable), Version: 1},
			func(t *testing.T, err error) {
				if got := fieldKeys(t, err); got["narrative"] != "error.justification_required" {
					t.Errorf("fields %v", got)
				}
			}},
		{"unknown level", domaintest.ManagerA, code, assessments.AnswerInput{Level: level("great"), Version: 1},
			func(t *testing.T, err error) {
				if got := fieldKeys(t, err); got["level"] != "error.level" {
					t.Errorf("fields %v", got)
				}
			}},
		{"unknown criterion", domaintest.ManagerA, "XXX-99", assessments.AnswerInput{Level: level(models.LevelMet)},
			wantErr(assessments.ErrNotFound)},
		{"another hotline's manager", domaintest.ManagerB, code, assessments.AnswerInput{Level: level(models.LevelMet), Version: 1},
			wantErr(assessments.ErrNotFound)},
		{"secretariat", domaintest.Secretariat, code, assessments.AnswerInput{Level: level(models.LevelMet), Version: 1},
			wantErr(assessments.ErrForbidden)},
		{"unassigned reviewer", domaintest.Reviewer1, code, assessments.AnswerInput{Level: level(models.LevelMet), Version: 1},
			wantErr(assessments.ErrNotFound)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cycle{t: t, env: env, as: c.as}
			before := c.fingerprint()
			_, err := env.Svc.SaveAnswer(t.Context(), env.Actor(tt.key), c.as.ID, tt.code, tt.in)
			tt.check(t, err)
			if after := c.fingerprint(); after != before {
				t.Errorf("a refused save changed something:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	if v, err := c.save(code, models.LevelNotApplicable, "We run no such service."); err != nil || v != 2 {
		t.Errorf("second save: %d, %v", v, err)
	}
}

func wantErr(target error) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Fatalf("got %v, want %v", err, target)
		}
	}
}

// Answers change only in a draft, and after a clarification request only
// the reopened ones; anything else is a conflict that changes nothing.
func TestSaveAnswerByState(t *testing.T) {
	t.Parallel()
	for _, st := range states {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			_, c := reach(t, st)
			reopened := c.firstApplicable()
			var other string
			for _, it := range c.load(domaintest.ManagerA).Items() {
				if it.Applicable && it.Criterion.Code != reopened {
					other = it.Criterion.Code
					break
				}
			}
			for _, code := range []string{reopened, other} {
				before := c.fingerprint()
				_, err := c.save(code, models.LevelPartiallyMet, "Changed.")
				editable := st == models.StatusDraft || (st == models.StatusChangesRequested && code == reopened)
				switch {
				case editable && err != nil:
					t.Errorf("%s: refused: %v", code, err)
				case !editable:
					var conflict *assessments.ConflictError
					if !errors.As(err, &conflict) || conflict.Key != "error.not_editable" {
						t.Errorf("%s: got %v, want error.not_editable", code, err)
					}
					if after := c.fingerprint(); after != before {
						t.Errorf("%s: a refused save changed something", code)
					}
				}
				if it, _ := c.load(domaintest.ManagerA).Item(code); it.Editable != editable {
					t.Errorf("%s: the questionnaire says editable=%v, want %v", code, it.Editable, editable)
				}
			}
		})
	}
}

// A renewal's carried-over answers must be confirmed: saving one, even
// unchanged, confirms it.
func TestSaveAnswerConfirmsCarriedOver(t *testing.T) {
	t.Parallel()
	env, old := reach(t, models.StatusDecided)
	c := start(t, env)
	code := old.firstApplicable()
	it, _ := c.load(domaintest.ManagerA).Item(code)
	if !it.Answer.CarriedOver || it.Missing != "missing.confirm_carried_over" || it.Answer.Version != 1 {
		t.Fatalf("carried over answer %+v, missing %q", it.Answer, it.Missing)
	}
	if _, err := env.Svc.Submit(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID); err == nil {
		t.Fatal("a renewal was submitted with unconfirmed answers")
	}
	if _, err := c.save(code, *it.Answer.Level, it.Answer.Narrative); err != nil {
		t.Fatal(err)
	}
	it, _ = c.load(domaintest.ManagerA).Item(code)
	if it.Answer.CarriedOver || it.Missing != "" || it.Answer.Version != 2 {
		t.Errorf("confirmed answer %+v, missing %q", it.Answer, it.Missing)
	}
}
