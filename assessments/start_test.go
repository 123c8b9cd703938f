package assessments_test

import (
	"errors"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

func TestMayStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		actor assessments.Actor
		want  error
	}{
		{"manager", assessments.Actor{User: &models.User{Role: models.RoleManager}}, nil},
		{"secretariat", assessments.Actor{User: &models.User{Role: models.RoleSecretariat}}, assessments.ErrForbidden},
		{"reviewer", assessments.Actor{User: &models.User{Role: models.RoleReviewer}}, assessments.ErrForbidden},
		{"no role", assessments.Actor{User: &models.User{}}, assessments.ErrNotFound},
		{"signed out", assessments.Actor{}, assessments.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := assessments.MayStart(tt.actor); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("mayStart = %v, want %v", err, tt.want)
			}
		})
	}
}

// Starting: its hotline's manager only, one open assessment at a time, on
// the current framework with an empty answer per criterion.
func TestStartAssessment(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	if err := env.Svc.SetHotlineDisabled(ctx, env.Actor(domaintest.Secretariat), env.HotlineB.ID, true); err != nil {
		t.Fatal(err)
	}
	current, f, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		key     string
		hotline string
		check   func(t *testing.T, as *models.Assessment, err error)
	}{
		{"secretariat", domaintest.Secretariat, env.HotlineA.ID, startErr(assessments.ErrForbidden)},
		{"reviewer", domaintest.Reviewer1, env.HotlineA.ID, startErr(assessments.ErrForbidden)},
		{"another hotline's manager", domaintest.ManagerB, env.HotlineA.ID, startErr(assessments.ErrNotFound)},
		{"an unknown hotline", domaintest.ManagerA, models.NewID(), startErr(assessments.ErrNotFound)},
		{"a disabled hotline", domaintest.ManagerB, env.HotlineB.ID, startConflict("error.hotline_disabled")},
		{"the hotline's manager", domaintest.ManagerA, env.HotlineA.ID, func(t *testing.T, as *models.Assessment, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if as.Status != models.StatusDraft || as.Round != 1 || as.Version != 1 || as.PreviousID != nil ||
				as.FrameworkID != current.ID || as.HotlineID != env.HotlineA.ID || as.Hotline == nil || as.Framework == nil {
				t.Errorf("started %+v", as)
			}
			var answers []models.Answer
			env.DB.Where("assessment_id = ?", as.ID).Find(&answers)
			if len(answers) != len(f.Criteria()) {
				t.Errorf("%d answers, want one per criterion (%d)", len(answers), len(f.Criteria()))
			}
			for _, ans := range answers {
				if ans.Level != nil || ans.Version != 0 || ans.CarriedOver {
					t.Errorf("answer %+v is not empty", ans)
				}
			}
		}},
		{"a second open one", domaintest.ManagerA, env.HotlineA.ID, startConflict("error.assessment_open")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int64
			env.DB.Model(&models.Assessment{}).Count(&n)
			as, err := env.Svc.StartAssessment(ctx, env.Actor(tt.key), tt.hotline)
			tt.check(t, as, err)
			var after int64
			env.DB.Model(&models.Assessment{}).Count(&after)
			if want := n + map[bool]int64{true: 0, false: 1}[err != nil]; after != want {
				t.Errorf("%d assessments, want %d", after, want)
			}
		})
	}
	if n := env.AuditCount("assessment.start"); n != 1 {
		t.Errorf("%d starts audited", n)
	}
}

func startErr(target error) func(t *testing.T, _ *models.Assessment, err error) {
	return func(t *testing.T, _ *models.Assessment, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Errorf("got %v, want %v", err, target)
		}
	}
}

func startConflict(key string) func(t *testing.T, _ *models.Assessment, err error) {
	return func(t *testing.T, _ *models.Assessment, err error) {
		t.Helper()
		var conflict *assessments.ConflictError
		if !errors.As(err, &conflict) || conflict.Key != key {
			t.Errorf("got %v, want %s", err, key)
		}
	}
}

// A renewal after a decided cycle starts on the current framework with the
// last decided cycle's answers carried over, criteria that are gone
// skipped, each to be confirmed.
func TestRenewalCarriesAnswersOver(t *testing.T) {
	t.Parallel()
	env, old := reach(t, models.StatusDecided)
	ctx := t.Context()
	sec := env.Actor(domaintest.Secretariat)
	row, err := env.Svc.ImportFramework(ctx, sec, nextVersion(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.PublishFramework(ctx, sec, row.ID); err != nil {
		t.Fatal(err)
	}
	renewal := start(t, env)
	if renewal.as.PreviousID == nil || *renewal.as.PreviousID != old.as.ID || renewal.as.FrameworkID != row.ID {
		t.Fatalf("renewal %+v", renewal.as)
	}
	previous := map[string]models.Answer{}
	for _, it := range old.load(domaintest.ManagerA).Items() {
		previous[it.Criterion.Code] = it.Answer
	}
	q := renewal.load(domaintest.ManagerA)
	if _, ok := q.Item("LEG-01"); ok {
		t.Error("a criterion the new version dropped came back")
	}
	for _, it := range q.Items() {
		prev := previous[it.Criterion.Code]
		switch {
		case prev.Level == nil:
			if it.Answer.Level != nil || it.Answer.CarriedOver {
				t.Errorf("%s: never answered, yet carried over %+v", it.Criterion.Code, it.Answer)
			}
		case !it.Answer.CarriedOver || *it.Answer.Level != *prev.Level || it.Answer.Narrative != prev.Narrative ||
			it.Answer.Version != 1 || it.Answer.UpdatedBy != env.Users[domaintest.ManagerA].ID:
			t.Errorf("%s: carried over %+v from %+v", it.Criterion.Code, it.Answer, prev)
		case it.Applicable && it.Missing != "missing.confirm_carried_over":
			t.Errorf("%s: missing %q, want a confirmation", it.Criterion.Code, it.Missing)
		}
	}
	if q.Progress.Answered != 0 {
		t.Errorf("%d answers count as given before any confirmation", q.Progress.Answered)
	}
}
