package assessments_test

import (
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

const day = 24 * time.Hour

// The step sent is the latest one entered: a week before, a day before,
// once overdue, then each further week.
func TestReminderStep(t *testing.T) {
	t.Parallel()
	due := time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		at   time.Duration // from due
		want string
	}{
		{"eight days before", -8 * day, ""},
		{"just over seven days before", -7*day - time.Minute, ""},
		{"seven days before", -7 * day, "7d"},
		{"two days before", -2 * day, "7d"},
		{"a day before", -day, "1d"},
		{"an hour before", -time.Hour, "1d"},
		{"at the due time", 0, "overdue"},
		{"six days late", 6 * day, "overdue"},
		{"a week late", 7 * day, "overdue+1w"},
		{"fifteen days late", 15 * day, "overdue+2w"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := assessments.ReminderStep(due, due.Add(c.at))
			if got != c.want || ok != (c.want != "") {
				t.Fatalf("step %q %v, want %q", got, ok, c.want)
			}
		})
	}
}

// remind runs the hourly job once and returns the reminder keys it
// claimed that start with prefix, each cut to its step (the last part).
func remind(t *testing.T, env *domaintest.Env, prefix string) []string {
	t.Helper()
	before := reminderKeys(t, env)
	if _, err := env.Svc.SendDeadlineReminders(ctx); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for k := range reminderKeys(t, env) {
		if !before[k] && strings.HasPrefix(k, prefix) {
			steps = append(steps, k[strings.LastIndex(k, ":")+1:])
		}
	}
	sort.Strings(steps)
	return steps
}

func reminderKeys(t *testing.T, env *domaintest.Env) map[string]bool {
	t.Helper()
	var runs []models.JobRun
	if err := env.DB.Where("name = ?", "deadline-reminder").Find(&runs).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range runs {
		out[r.RunKey] = true
	}
	return out
}

// setDue moves a reviewer's due date directly in the database (the
// secretariat's screen for it is another part of the work).
func setDue(t *testing.T, env *domaintest.Env, assessmentID, reviewerKey string, due time.Time) *models.Assignment {
	t.Helper()
	reviewer := env.Users[reviewerKey].ID
	if err := env.DB.Model(&models.Assignment{}).Where("assessment_id = ? AND reviewer_id = ?", assessmentID, reviewer).
		Update("due_at", due.UTC()).Error; err != nil {
		t.Fatal(err)
	}
	asg, err := models.ActiveAssignment(ctx, env.DB, assessmentID, reviewer)
	if err != nil {
		t.Fatal(err)
	}
	return asg
}

// setDeadline sets an assessment's submission deadline directly.
func setDeadline(t *testing.T, env *domaintest.Env, id string, deadline time.Time) {
	t.Helper()
	if err := env.DB.Model(&models.Assessment{}).Where("id = ?", id).Update("deadline", deadline.UTC()).Error; err != nil {
		t.Fatal(err)
	}
}

// setStatus moves an assessment to a state directly, as a step's change.
func setStatus(env *domaintest.Env, id string, st models.Status) func(t *testing.T) {
	return func(t *testing.T) {
		if err := env.DB.Model(&models.Assessment{}).Where("id = ?", id).Update("status", st).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func setUser(t *testing.T, env *domaintest.Env, key, column string, value any) {
	t.Helper()
	if err := env.DB.Model(&models.User{}).Where("id = ?", env.Users[key].ID).Update(column, value).Error; err != nil {
		t.Fatal(err)
	}
}

// lastMail is the latest email to a fixture user.
func lastMail(t *testing.T, env *domaintest.Env, key string) models.OutboxMessage {
	t.Helper()
	mails := env.Outbox(env.Users[key].Email)
	if len(mails) == 0 {
		t.Fatalf("no email to %s", key)
	}
	return mails[len(mails)-1]
}

type reminderStepCase struct {
	name    string
	advance time.Duration
	change  func(t *testing.T)
	want    string // steps claimed, space-separated
}

func runSteps(t *testing.T, env *domaintest.Env, prefix string, steps []reminderStepCase) {
	t.Helper()
	for _, st := range steps {
		env.Clock.Advance(st.advance)
		if st.change != nil {
			st.change(t)
		}
		if got := strings.Join(remind(t, env, prefix), " "); got != st.want {
			t.Fatalf("%s: reminders %q, want %q", st.name, got, st.want)
		}
	}
}

// A reviewer who owes a review is reminded a week and a day before the
// due date, when it passes, then weekly; once each, in the reviewer's
// language, with a link to the review. A submitted review, an assessment
// sent back to the hotline and a disabled reviewer get nothing.
func TestReviewReminders(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil, func(o *assessments.Options) { o.BaseURL = "https://portal.test" })
	id := inReview(t, env)
	start := env.Clock.Now()
	due := start.Add(10 * day)
	asg1 := setDue(t, env, id, domaintest.Reviewer1, due)
	asg2 := setDue(t, env, id, domaintest.Reviewer2, due)
	scoreAll(t, env, id, domaintest.Reviewer2, 3, nil)
	submitReview(t, env, id, domaintest.Reviewer2)
	runSteps(t, env, "review:", []reminderStepCase{
		{"ten days before", 0, nil, ""},
		{"eight days before", 2 * day, nil, ""},
		{"seven days before", day, nil, "7d"},
		{"the same hour again", 0, nil, ""},
		{"six days before", day, nil, ""},
		{"a day before", 5 * day, nil, "1d"},
		{"at the due time", day, nil, "overdue"},
		{"three days late", 3 * day, nil, ""},
		{"a week late", 4 * day, nil, "overdue+1w"},
		{"two weeks late", 7 * day, nil, "overdue+2w"},
		{"again", time.Hour, nil, ""},
		{"sent back to the hotline", 7 * day, setStatus(env, id, models.StatusChangesRequested), ""},
		{"in review again", time.Hour, setStatus(env, id, models.StatusInReview), "overdue+3w"},
		{"disabled", 7 * day, func(t *testing.T) { setUser(t, env, domaintest.Reviewer1, "disabled", true) }, ""},
	})
	if keys := reminderKeys(t, env); len(keys) == 0 {
		t.Fatal("no reminders")
	} else {
		for k := range keys {
			if strings.Contains(k, asg2.ID) {
				t.Fatalf("reminded of a submitted review: %s", k)
			}
		}
	}
	m := lastMail(t, env, domaintest.Reviewer1)
	fr := messages.MustLoad().Localizer("fr")
	if m.Language != "fr" || !strings.HasPrefix(m.Subject, "En retard : votre évaluation de "+env.HotlineA.Name) ||
		!strings.Contains(m.Body, assessments.FormatDate(fr, *asg1.DueAt)) || !strings.Contains(m.Body, "https://portal.test/assessments/"+id+"/review") {
		t.Fatalf("reminder in %s: %q\n%s", m.Language, m.Subject, m.Body)
	}
	var first models.OutboxMessage
	for _, x := range env.Outbox(env.Users[domaintest.Reviewer1].Email) {
		if strings.HasPrefix(x.Subject, "Rappel") {
			first = x
			break
		}
	}
	if !strings.Contains(first.Body, "dans 3 jours") && !strings.Contains(first.Body, "dans 7 jours") {
		t.Fatalf("first reminder does not count the days left: %s", first.Body)
	}
}

// Managers are reminded of a submission deadline while their assessment is
// a draft, in their language; moving the deadline rearms the reminders; a
// submitted assessment gets none; with no active manager the reminder
// waits for one.
func TestSubmissionDeadlineReminders(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	submittedID := submitted(t, env)
	setDeadline(t, env, submittedID, env.Clock.Now().Add(2*day))
	draft := env.StartAssessment(domaintest.ManagerB)
	setUser(t, env, domaintest.ManagerB, "language", "pl")
	deadline := env.Clock.Now().Add(10 * day)
	setDeadline(t, env, draft.ID, deadline)
	runSteps(t, env, "deadline:", []reminderStepCase{
		{"ten days before", 0, nil, ""},
		{"six days before", 4 * day, nil, "7d"},
		{"again", time.Hour, nil, ""},
		{"moved a week later", 0, func(t *testing.T) { deadline = deadline.Add(7 * day); setDeadline(t, env, draft.ID, deadline) }, ""},
		{"seven days before the new date", 6 * day, nil, "7d"},
		{"a day before", 6 * day, nil, "1d"},
		{"overdue", day, nil, "overdue"},
		{"a week late, the manager disabled", 7 * day, func(t *testing.T) { setUser(t, env, domaintest.ManagerB, "disabled", true) }, ""},
		{"the manager enabled again", time.Hour, func(t *testing.T) { setUser(t, env, domaintest.ManagerB, "disabled", false) }, "overdue+1w"},
	})
	for k := range reminderKeys(t, env) {
		if strings.Contains(k, submittedID) {
			t.Fatalf("reminded of a submitted assessment: %s", k)
		}
	}
	pl := messages.MustLoad().Localizer("pl")
	m := lastMail(t, env, domaintest.ManagerB)
	if m.Language != "pl" || !strings.HasPrefix(m.Subject, "Po terminie: samoocena linii") || !strings.Contains(m.Body, assessments.FormatDate(pl, deadline)) {
		t.Fatalf("reminder in %s: %q\n%s", m.Language, m.Subject, m.Body)
	}
}

// A draft nobody touches for 30 days nudges its managers, again after
// each further 30 days; saving an answer starts the count again.
func TestIdleDraftNudges(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	submittedID := submitted(t, env)
	draft := env.StartAssessment(domaintest.ManagerB)
	touch := func(t *testing.T) {
		mgr := env.Actor(domaintest.ManagerB)
		q, err := env.Svc.LoadQuestionnaire(ctx, mgr, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		it := q.Items()[0]
		met := models.LevelMet
		if _, err := env.Svc.SaveAnswer(ctx, mgr, draft.ID, it.Criterion.Code, assessments.AnswerInput{Level: &met, Narrative: "Back at it.", Version: it.Answer.Version}); err != nil {
			t.Fatal(err)
		}
	}
	runSteps(t, env, "idle:", []reminderStepCase{
		{"29 days", 29 * day, nil, ""},
		{"30 days", day, nil, "30d"},
		{"again", time.Hour, nil, ""},
		{"59 days", 29 * day, nil, ""},
		{"60 days", day, nil, "60d"},
		{"touched, 29 days later", 29 * day, touch, ""},
		{"29 days after the touch", 29 * day, nil, ""},
		{"30 days after the touch", day, nil, "30d"},
	})
	for k := range reminderKeys(t, env) {
		if strings.Contains(k, submittedID) {
			t.Fatalf("nudged about a submitted assessment: %s", k)
		}
	}
	if m := lastMail(t, env, domaintest.ManagerB); !strings.Contains(m.Body, "30 days") {
		t.Fatalf("nudge: %q\n%s", m.Subject, m.Body)
	}
}

// The secretariat's digest lists what is late, once per ISO week, in each
// reader's language, and is not sent when nothing is late.
func TestLateDigest(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	german := newUser(t, env, assessments.UserInput{Email: "sekretariat@test.example", Name: "Greta", Role: "secretariat", Country: "DE", Language: "de"})
	draft := env.StartAssessment(domaintest.ManagerB)
	id := inReview(t, env)
	if got := remind(t, env, "digest:"); len(got) != 0 {
		t.Fatalf("digest with nothing late: %v", got)
	}
	setDue(t, env, id, domaintest.Reviewer1, env.Clock.Now().Add(day))
	setDeadline(t, env, draft.ID, env.Clock.Now().Add(2*day))
	env.Clock.Advance(3 * day)
	if got := remind(t, env, "digest:"); len(got) != 1 {
		t.Fatalf("digests: %v", got)
	}
	m := lastMail(t, env, domaintest.Secretariat)
	for _, want := range []string{"1 overdue review:", "Rita Reviewer", "1 self-assessment past its submission deadline:", env.HotlineB.Name, "/dashboard"} {
		if !strings.Contains(m.Body, want) {
			t.Fatalf("digest lacks %q:\n%s", want, m.Body)
		}
	}
	if de := env.Outbox(german.Email); len(de) == 0 || !strings.Contains(de[len(de)-1].Body, "1 überfälliges Gutachten:") {
		t.Fatalf("German digest: %+v", de)
	}
	if got := remind(t, env, "digest:"); len(got) != 0 {
		t.Fatalf("second digest the same week: %v", got)
	}
	env.Clock.Advance(7 * day)
	if got := remind(t, env, "digest:"); len(got) != 1 {
		t.Fatalf("digests the next week: %v", got)
	}
}

// Two instances on one database run the job at the same moments, day
// after day: every reminder is claimed once, and each claim queues its
// emails once.
func TestDeadlineRemindersTwoInstances(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	second, err := assessments.NewService(env.DB, messages.MustLoad(), slog.New(slog.NewTextHandler(io.Discard, nil)), env.Svc.Options())
	if err != nil {
		t.Fatal(err)
	}
	id := inReview(t, env)
	draft := env.StartAssessment(domaintest.ManagerB)
	now := env.Clock.Now()
	setDue(t, env, id, domaintest.Reviewer1, now.Add(3*day))
	setDue(t, env, id, domaintest.Reviewer2, now.Add(9*day))
	setDeadline(t, env, draft.ID, now.Add(5*day))
	var outboxBefore int64
	env.DB.Model(&models.OutboxMessage{}).Count(&outboxBefore)
	var total atomic.Int64
	for range 40 {
		env.Clock.Advance(day)
		var wg sync.WaitGroup
		for _, svc := range []*assessments.Service{env.Svc, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := svc.SendDeadlineReminders(ctx)
				if err != nil {
					t.Error(err)
				}
				total.Add(int64(n))
			}()
		}
		wg.Wait()
	}
	var outboxAfter int64
	env.DB.Model(&models.OutboxMessage{}).Count(&outboxAfter)
	keys := reminderKeys(t, env)
	// Every reminder of this fixture has one recipient (one manager of
	// hotline B, one reviewer, one secretariat account).
	if int(total.Load()) != len(keys) || outboxAfter-outboxBefore != int64(len(keys)) || env.AuditCount("deadline.reminder") != int64(len(keys)) {
		t.Fatalf("%d reminders claimed, %d sent, %d emails queued, %d audited", len(keys), total.Load(), outboxAfter-outboxBefore, env.AuditCount("deadline.reminder"))
	}
	if len(keys) < 15 {
		t.Fatalf("only %d reminders in 40 days", len(keys))
	}
}

// A condition past its deadline and not yet met is in the digest.
func TestLateDigestListsConditions(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	decidedWithConditions(t, env, 1, 30)
	env.Clock.Advance(2 * day)
	if got := remind(t, env, "digest:"); len(got) != 1 {
		t.Fatalf("digests: %v", got)
	}
	m := lastMail(t, env, domaintest.Secretariat)
	if !strings.Contains(m.Body, "1 overdue condition:") || !strings.Contains(m.Body, env.HotlineA.Name+": Condition A") || strings.Contains(m.Body, "Condition B") {
		t.Fatalf("digest:\n%s", m.Body)
	}
}

// On the demo network (an overdue condition at least) the job sends the
// digest, and a second run right after sends nothing.
func TestDeadlineRemindersOnDemo(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	if _, err := env.Svc.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	first, err := env.Svc.SendDeadlineReminders(ctx)
	took := time.Since(start)
	if err != nil || first == 0 {
		t.Fatalf("first run: %d sent (%v)", first, err)
	}
	start = time.Now()
	again, err := env.Svc.SendDeadlineReminders(ctx)
	t.Logf("first run %d reminders in %v; second run in %v", first, took, time.Since(start))
	if err != nil || again != 0 {
		t.Fatalf("second run: %d sent (%v)", again, err)
	}
	digests := 0
	for k := range reminderKeys(t, env) {
		if strings.HasPrefix(k, "digest:") {
			digests++
		}
	}
	if digests != 1 || len(reminderKeys(t, env)) != first {
		t.Fatalf("%d digests, %d keys for %d reminders", digests, len(reminderKeys(t, env)), first)
	}
}
