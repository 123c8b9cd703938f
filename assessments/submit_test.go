package assessments_test

import (
	"errors"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

func item(code, missing string, reopened, applicable bool) *assessments.Item {
	return &assessments.Item{Criterion: framework.Criterion{Code: code}, Missing: missing, Applicable: applicable,
		Answer: models.Answer{Reopened: reopened}}
}

// A refused submission names each missing criterion by its code, with
// what it needs.
func TestIncomplete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		missing []*assessments.Item
		want    map[string]string
	}{
		{"nothing missing", nil, nil},
		{"one level", []*assessments.Item{item("LEG-01", "missing.level", false, true)}, map[string]string{"LEG-01": "error.missing.level"}},
		{"each its own", []*assessments.Item{
			item("LEG-01", "missing.level", false, true),
			item("CHT-05", "missing.justification", false, true),
			item("AWR-01", "missing.confirm_carried_over", false, true),
		}, map[string]string{"LEG-01": "error.missing.level", "CHT-05": "error.missing.justification", "AWR-01": "error.missing.confirm_carried_over"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := assessments.Incomplete(tt.missing)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var verr *assessments.ValidationError
			if !errors.As(err, &verr) || len(verr.Fields) != len(tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			for code, key := range tt.want {
				if f := verr.Fields[code]; f.Key != key || f.Data["Code"] != code {
					t.Errorf("%s: %+v, want %s with its code", code, f, key)
				}
			}
		})
	}
}

// A resubmission needs only the reopened, applicable criteria complete.
func TestReopenedMissing(t *testing.T) {
	t.Parallel()
	items := []*assessments.Item{
		item("A-1", "", true, true),                      // reopened, complete
		item("A-2", "missing.justification", true, true), // reopened, incomplete
		item("A-3", "missing.level", false, true),        // incomplete but locked
		item("A-4", "missing.level", true, false),        // reopened, does not apply
	}
	got := assessments.ReopenedMissing(items)
	if len(got) != 1 || got[0].Criterion.Code != "A-2" {
		t.Errorf("reopenedMissing = %v, want A-2 only", got)
	}
}

// Submitting a draft: complete only, by its manager only, once; the
// answers are kept as round 1.
func TestSubmit(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	c := start(t, env)
	code := c.firstApplicable()
	if _, err := c.save(code, models.LevelMet, "Yes."); err != nil {
		t.Fatal(err)
	}
	q := c.load(domaintest.ManagerA)
	before := c.fingerprint()
	_, err := env.Svc.Submit(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID)
	got := fieldKeys(t, err)
	if len(got) != q.Progress.Required-1 {
		t.Errorf("%d fields, want the %d missing criteria", len(got), q.Progress.Required-1)
	}
	for _, it := range q.Items() {
		switch {
		case it.Criterion.Code == code || !it.Applicable:
			if _, listed := got[it.Criterion.Code]; listed {
				t.Errorf("%s listed as missing", it.Criterion.Code)
			}
		case got[it.Criterion.Code] != "error.missing.level":
			t.Errorf("%s: %q, want error.missing.level", it.Criterion.Code, got[it.Criterion.Code])
		}
	}
	if after := c.fingerprint(); after != before {
		t.Errorf("a refused submission changed something")
	}
	c.answerAll()
	for _, tt := range []struct {
		name string
		key  string
		want error
	}{
		{"secretariat", domaintest.Secretariat, assessments.ErrForbidden},
		{"another hotline's manager", domaintest.ManagerB, assessments.ErrNotFound},
		{"a reviewer", domaintest.Reviewer1, assessments.ErrNotFound},
	} {
		if _, err := env.Svc.Submit(t.Context(), env.Actor(tt.key), c.as.ID); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	version := c.stored().Version
	as, err := env.Svc.Submit(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := c.stored()
	if as.Status != models.StatusSubmitted || stored.Status != models.StatusSubmitted || stored.SubmittedAt == nil || stored.Version != version+1 {
		t.Errorf("submitted: %+v", stored)
	}
	var rounds int64
	env.DB.Model(&models.AnswerRound{}).Where("assessment_id = ? AND round = 1", c.as.ID).Count(&rounds)
	if rounds != int64(len(q.Items())) {
		t.Errorf("round 1 keeps %d answers, want %d", rounds, len(q.Items()))
	}
	if n := env.AuditCount("assessment.submit"); n != 1 {
		t.Errorf("%d submissions audited", n)
	}
	before = c.fingerprint()
	var conflict *assessments.ConflictError
	if _, err := env.Svc.Submit(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID); !errors.As(err, &conflict) || conflict.Key != "error.not_submittable" {
		t.Errorf("second submission: %v", err)
	}
	if after := c.fingerprint(); after != before {
		t.Errorf("a second submission changed something")
	}
}

// After a clarification request, submitting again sends the answers back
// to review as a new round, and locks the reopened ones again.
func TestResubmitAfterClarification(t *testing.T) {
	t.Parallel()
	env, c := reach(t, models.StatusChangesRequested)
	code := c.firstApplicable()
	if _, err := c.save(code, models.LevelPartiallyMet, "Here is more."); err != nil {
		t.Fatal(err)
	}
	round := c.stored().Round
	as, err := env.Svc.Submit(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := c.stored()
	if as.Status != models.StatusInReview || stored.Status != models.StatusInReview || stored.Round != round+1 {
		t.Errorf("resubmitted: status %s, round %d after %d", stored.Status, stored.Round, round)
	}
	if c.answer(code).Reopened {
		t.Error("the answer stays reopened")
	}
	var kept models.AnswerRound
	if err := env.DB.Where("assessment_id = ? AND round = ? AND criterion = ?", c.as.ID, round+1, code).Take(&kept).Error; err != nil || kept.Narrative != "Here is more." {
		t.Errorf("round %d keeps %+v, %v", round+1, kept, err)
	}
	if n := env.AuditCount("assessment.resubmit"); n != 1 {
		t.Errorf("%d resubmissions audited", n)
	}
	if _, err := c.save(code, models.LevelMet, "Again."); !isConflict(err) {
		t.Errorf("saving after the resubmission: %v, want a conflict", err)
	}
}
