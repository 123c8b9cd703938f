package assessments_test

import (
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// The reminder due is the nearest period entered and not yet sent; every
// period entered is then marked, so an earlier one is never sent late.
func TestReminderPeriods(t *testing.T) {
	t.Parallel()
	periods := []int{9, 3, 1}
	end := time.Date(2029, 6, 30, 12, 0, 0, 0, time.UTC)
	cert := func(sent ...string) *models.Certificate {
		return &models.Certificate{ValidUntil: end, RemindersSent: sent}
	}
	cases := []struct {
		name    string
		c       *models.Certificate
		now     time.Time
		want    int
		entered string
	}{
		{"a year before", cert(), end.AddDate(-1, 0, 0), 0, ""},
		{"nine months before", cert(), end.AddDate(0, -9, 0), 9, "9"},
		{"nine months sent", cert("9"), end.AddDate(0, -8, 0), 0, "9"},
		{"three months, nine sent", cert("9"), end.AddDate(0, -3, 0), 3, "9 3"},
		{"two months, nothing sent", cert(), end.AddDate(0, -2, 0), 3, "9 3"},
		{"a week before, nothing sent", cert(), end.AddDate(0, 0, -7), 1, "9 3 1"},
		{"all sent", cert("9", "3", "1"), end.AddDate(0, 0, -1), 0, "9 3 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, due := assessments.DueReminder(c.c, periods, c.now)
			if got != c.want || due != (c.want != 0) {
				t.Fatalf("due %d %v", got, due)
			}
			if entered := strings.Join(assessments.EnteredPeriods(c.c, periods, c.now), " "); entered != c.entered {
				t.Fatalf("entered %q", entered)
			}
		})
	}
}

// The daily job sends each reminder once: a second run the same day does
// nothing, and a period already sent is not sent again.
func TestSendExpiryReminders(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 4, nil)
	if _, _, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met."}); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	steps := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"today", 0, 0},
		{"eight months before the end", (3*365 - 240) * day, 1},
		{"the same day again", 0, 0},
		{"the next day", day, 0},
		{"two months before the end", 180 * day, 1},
		{"a week before the end", 55 * day, 1},
	}
	for _, st := range steps {
		env.Clock.Advance(st.advance)
		sent, err := env.Svc.SendExpiryReminders(ctx)
		t.Run(st.name, func(t *testing.T) {
			if err != nil || sent != st.want {
				t.Fatalf("sent %d, want %d (%v)", sent, st.want, err)
			}
		})
	}
	if n := env.AuditCount("certificate.reminder"); n != 3 {
		t.Fatalf("%d reminders audited", n)
	}
}
