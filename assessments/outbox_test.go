package assessments_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

func TestMailRetryDelay(t *testing.T) {
	cases := []struct {
		attempt int
		want    time.Duration
	}{
		{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute},
		{8, 128 * time.Minute}, {20, 512 * time.Minute},
	}
	for _, tc := range cases {
		if got := assessments.MailRetryDelay(tc.attempt); got != tc.want {
			t.Errorf("after attempt %d: %s, want %s", tc.attempt, got, tc.want)
		}
	}
}

// An email that cannot be delivered is tried again later, then given up
// after MaxMailAttempts and shown to the secretariat, who can send it
// again; nobody else may see or resend it.
func TestUndeliveredMail(t *testing.T) {
	env := domaintest.New(t, nil)
	ctx := context.Background()
	down := func(context.Context, models.OutboxMessage) error { return errors.New("421 service not available") }
	var sent []string
	up := func(_ context.Context, m models.OutboxMessage) error { sent = append(sent, m.ToAddress); return nil }
	queued := len(env.Outbox(env.Users[domaintest.ManagerA].Email)) // none: fixtures have passwords
	if queued != 0 {
		t.Fatalf("fixtures queued %d emails", queued)
	}
	if err := env.Svc.RequestPasswordReset(ctx, domaintest.SystemActor(), env.Users[domaintest.ManagerA].Email); err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= assessments.MaxMailAttempts; attempt++ {
		round := env.Svc.DeliverDueMail(ctx, down, 0)
		if attempt < assessments.MaxMailAttempts && round.Retrying != 1 || attempt == assessments.MaxMailAttempts && round.GivenUp != 1 {
			t.Fatalf("attempt %d: %+v", attempt, round)
		}
		if again := env.Svc.DeliverDueMail(ctx, down, 0); again != (assessments.MailRound{}) {
			t.Fatalf("attempt %d was tried again before its time: %+v", attempt, again)
		}
		env.Clock.Advance(assessments.MailRetryDelay(attempt) + time.Second)
	}
	if round := env.Svc.DeliverDueMail(ctx, up, 0); round != (assessments.MailRound{}) {
		t.Fatalf("a given-up email was tried by itself: %+v", round)
	}
	sec := env.Actor(domaintest.Secretariat)
	items, total, err := env.Svc.ListUndeliveredMail(ctx, sec, assessments.OutboxQuery{})
	if err != nil || total != 1 || items[0].Attempts != assessments.MaxMailAttempts {
		t.Fatalf("undelivered: %d %v", total, err)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, err := env.Svc.RetryMail(ctx, env.Actor(key), items[0].ID); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s resends: %v", key, err)
		}
	}
	if _, err := env.Svc.RetryMail(ctx, sec, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if round := env.Svc.DeliverDueMail(ctx, up, 0); round.Sent != 1 || len(sent) != 1 {
		t.Fatalf("after sending again: %+v", round)
	}
	if n, _ := env.Svc.CountUndeliveredMail(ctx, sec); n != 0 {
		t.Fatalf("%d still undelivered", n)
	}
}
