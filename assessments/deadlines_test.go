package assessments_test

import (
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
	"hotlineportal/models/modelstest"
)

// A review is due on the date given (even one already past), else
// ReviewDays after the assignment.
func TestAssignDueDate(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil, func(o *assessments.Options) { o.ReviewDays = 10 })
	sec := env.Actor(domaintest.Secretariat)
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	future := env.Clock.Now().AddDate(0, 2, 0).UTC().Truncate(time.Second)
	cases := []struct {
		name  string
		given *time.Time
		want  func(assigned time.Time) time.Time
	}{
		{"default", nil, func(a time.Time) time.Time { return a.AddDate(0, 0, 10) }},
		{"given", &future, func(time.Time) time.Time { return future }},
		{"past accepted", &past, func(time.Time) time.Time { return past }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := submitted(t, env)
			asg, err := env.Svc.AssignDue(ctx, sec, id, env.Users[domaintest.Reviewer1].ID, "", c.given)
			if err != nil {
				t.Fatal(err)
			}
			if asg.DueAt == nil || !sameTime(*asg.DueAt, c.want(asg.AssignedAt)) {
				t.Fatalf("due %v, want %v", asg.DueAt, c.want(asg.AssignedAt))
			}
			dues, ok, err := env.Svc.ReviewerDues(ctx, sec, id)
			if err != nil || !ok || len(dues) != 1 || !sameTime(*dues[0].DueAt, *asg.DueAt) {
				t.Fatalf("stored %+v %v %v", dues, ok, err)
			}
			decideDirect(t, env, id)
		})
	}
}

// sameTime compares times as the databases keep them (PostgreSQL to the
// microsecond).
func sameTime(a, b time.Time) bool { return a.Sub(b).Abs() < time.Millisecond }

// decideDirect closes an assessment so that the hotline may start another.
func decideDirect(t *testing.T, env *domaintest.Env, id string) {
	t.Helper()
	if err := env.DB.Model(&models.Assessment{}).Where("id = ?", id).Update("status", models.StatusDecided).Error; err != nil {
		t.Fatal(err)
	}
}

// Only the secretariat moves a due date or a deadline; both are audited;
// a reviewer not assigned is not found; a deadline may be cleared.
func TestMoveDueAndDeadline(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	r1 := env.Users[domaintest.Reviewer1].ID
	when := time.Date(2027, 3, 1, 23, 59, 0, 0, time.UTC)
	cases := []struct {
		name     string
		actor    string
		reviewer string
		want     string
	}{
		{"secretariat", domaintest.Secretariat, r1, ""},
		{"manager", domaintest.ManagerA, r1, "forbidden"},
		{"reviewer", domaintest.Reviewer1, r1, "forbidden"},
		{"not assigned", domaintest.Secretariat, env.Users[domaintest.ManagerA].ID, "not found"},
		{"malformed id", domaintest.Secretariat, "nope", "not found"},
	}
	for _, c := range cases {
		t.Run("due "+c.name, func(t *testing.T) {
			_, err := env.Svc.MoveReviewDue(ctx, env.Actor(c.actor), id, c.reviewer, when)
			expectErr(t, err, c.want)
		})
		t.Run("deadline "+c.name, func(t *testing.T) {
			if c.reviewer != r1 {
				return // the deadline has no reviewer
			}
			_, err := env.Svc.SetDeadline(ctx, env.Actor(c.actor), id, &when)
			expectErr(t, err, c.want)
		})
	}
	dues, _, _ := env.Svc.ReviewerDues(ctx, env.Actor(domaintest.Secretariat), id)
	if !dues[0].DueAt.Equal(when) {
		t.Fatalf("due date not moved: %v", dues[0].DueAt)
	}
	if env.AuditCount("review.due_move") != 1 {
		t.Fatalf("move not audited once")
	}
	if _, err := env.Svc.SetDeadline(ctx, env.Actor(domaintest.Secretariat), id, nil); err != nil {
		t.Fatal(err)
	}
	q, _ := env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.ManagerA), id)
	if q.Assessment.Deadline != nil {
		t.Fatalf("deadline not cleared: %v", q.Assessment.Deadline)
	}
	if n := env.AuditCount("assessment.deadline"); n != 2 {
		t.Fatalf("deadline audited %d times, want 2 (a set, a clear)", n)
	}
}

// The secretariat sees every reviewer, a reviewer its own entry, a
// manager none at all.
func TestReviewerDuesVisibility(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	cases := []struct {
		actor string
		ok    bool
		n     int
	}{
		{domaintest.Secretariat, true, 2},
		{domaintest.Reviewer1, true, 1},
		{domaintest.ManagerA, false, 0},
	}
	for _, c := range cases {
		dues, ok, err := env.Svc.ReviewerDues(ctx, env.Actor(c.actor), id)
		if err != nil || ok != c.ok || len(dues) != c.n {
			t.Fatalf("%s: %d entries, shown %v, %v", c.actor, len(dues), ok, err)
		}
		if c.actor == domaintest.Reviewer1 && dues[0].UserID != env.Users[c.actor].ID {
			t.Fatalf("a reviewer sees another's entry")
		}
	}
	if _, _, err := env.Svc.ReviewerDues(ctx, env.Actor(domaintest.ManagerB), id); err != nil {
		t.Fatalf("another manager: %v", err) // nothing shown, nothing told
	}
}

// Assignments made before due dates get assigned_at + ReviewDays at start,
// once.
func TestCompleteDueDates(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	if err := env.DB.Model(&models.Assignment{}).Where("assessment_id = ?", id).Update("due_at", nil).Error; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := env.Svc.CompleteStoredData(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var rows []models.Assignment
	env.DB.Where("assessment_id = ?", id).Find(&rows)
	for _, r := range rows {
		if r.DueAt == nil || !sameTime(*r.DueAt, r.AssignedAt.AddDate(0, 0, 30)) {
			t.Fatalf("due %v for assigned %v", r.DueAt, r.AssignedAt)
		}
	}
}

// A late review comes first on its reviewer's list.
func TestReviewerTasks(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	r1 := env.Users[domaintest.Reviewer1].ID
	if _, err := env.Svc.MoveReviewDue(ctx, env.Actor(domaintest.Secretariat), id, r1, env.Clock.Now().AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	tasks, err := env.Svc.ReviewerTasks(ctx, env.Actor(domaintest.Reviewer1))
	if err != nil || len(tasks) != 1 || !tasks[0].Late {
		t.Fatalf("tasks %+v, %v", tasks, err)
	}
	if tasks, _ := env.Svc.ReviewerTasks(ctx, env.Actor(domaintest.Reviewer2)); len(tasks) != 1 || tasks[0].Late {
		t.Fatalf("reviewer 2: %+v", tasks)
	}
	if _, err := env.Svc.ReviewerTasks(ctx, env.Actor(domaintest.ManagerA)); err == nil {
		t.Fatal("a manager has no review tasks")
	}
}

// The work list finds each kind, oldest first, counts every status, and
// is the secretariat's alone.
func TestWorklistKinds(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	fw, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now().UTC()
	w := modelstest.SeedWorkload(t, env.DB, 12, 2, fw.ID, [2]string{env.Users[domaintest.Reviewer1].ID, env.Users[domaintest.Reviewer2].ID}, now)
	// A condition of a cycle since superseded by a later certificate is
	// not chased any more.
	var old models.Decision
	if err := env.DB.Order("decided_at").First(&old).Error; err != nil {
		t.Fatal(err)
	}
	var oldAs models.Assessment
	env.DB.Where("id = ?", old.AssessmentID).Take(&oldAs)
	stale := models.Condition{ID: models.NewID(), DecisionID: old.ID, AssessmentID: old.AssessmentID, HotlineID: oldAs.HotlineID,
		Text: "Superseded", Deadline: old.DecidedAt.AddDate(0, 1, 0), Status: models.ConditionOpen, CreatedAt: old.DecidedAt}
	if err := env.DB.Create(&stale).Error; err != nil {
		t.Fatal(err)
	}
	wl, err := env.Svc.Worklist(ctx, env.Actor(domaintest.Secretariat))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for i, it := range wl.Items {
		got[it.Kind]++
		if i > 0 && it.DueAt.Before(wl.Items[i-1].DueAt) {
			t.Fatalf("item %d out of order", i)
		}
		wantOverdue := it.Kind == models.WorkReviewOverdue || it.Kind == models.WorkConditionOverdue
		if it.Overdue != wantOverdue {
			t.Fatalf("%s overdue %v", it.Kind, it.Overdue)
		}
		if it.Kind == models.WorkReviewOverdue && it.ReviewerID == "" {
			t.Fatal("an overdue review without its reviewer")
		}
	}
	for kind, n := range w.Expected {
		if got[kind] != n {
			t.Errorf("%s: %d items, want %d", kind, got[kind], n)
		}
	}
	if len(got) != 5 {
		t.Errorf("kinds %v", got)
	}
	if wl.Counts[models.StatusDecided] != 12*2+4 || wl.Counts[models.StatusDraft] != 2 || len(wl.Counts) != 6 {
		t.Errorf("counts %v", wl.Counts)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, err := env.Svc.Worklist(ctx, env.Actor(key)); err != assessments.ErrForbidden {
			t.Errorf("%s: %v", key, err)
		}
	}
}
