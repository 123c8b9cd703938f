package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// Two portal instances on one database (as behind a load balancer): every
// email of the outbox is sent once, and the daily reminder job runs once.
// One delivery round drains a backlog of more than one batch.
func TestTwoInstancesSendEachEmailOnce(t *testing.T) {
	app := servertest.New(t)
	ctx := context.Background()
	for i := 0; i < 45; i++ {
		_, err := app.Svc.CreateUser(ctx, servertest.SystemActor(), assessments.UserInput{
			Email: fmt.Sprintf("invitee%d@test.example", i), Name: "Invitee", Role: "reviewer", Country: "SK",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var sent sync.Map
	var duplicates atomic.Int64
	send := func(_ context.Context, m models.OutboxMessage) error {
		if _, dup := sent.LoadOrStore(m.ID, true); dup {
			duplicates.Add(1)
		}
		time.Sleep(time.Millisecond)
		return nil
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var wg sync.WaitGroup
	for instance := 0; instance < 2; instance++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			app.Svc.DeliverDueMail(ctx, send, 0)
		}()
	}
	wg.Wait()
	n := 0
	sent.Range(func(any, any) bool { n++; return true })
	var pending int64
	app.DB.Model(&models.OutboxMessage{}).Where("status <> ?", models.MailSent).Count(&pending)
	if duplicates.Load() != 0 || n != 45 || pending != 0 {
		t.Fatalf("sent %d distinct, %d twice, %d not sent", n, duplicates.Load(), pending)
	}

	// The reminder job: a second instance on the same database runs it at
	// the same moment; the reminder goes out once.
	second, err := assessments.NewService(app.DB, messages.MustLoad(), log, app.Svc.Options())
	if err != nil {
		t.Fatal(err)
	}
	cert := &models.Certificate{
		ID: models.NewID(), Number: "MCE-2026-GR-9999", AssessmentID: servertest.MustAssessment(t, app), HotlineID: app.HotlineA.ID,
		HotlineName: app.HotlineA.Name, Country: "GR", FrameworkCode: "mce-116000", FrameworkVersion: "2026.1", Outcome: "accredited",
		ValidFrom: time.Now().AddDate(-3, 0, 10), ValidUntil: time.Now().AddDate(0, 0, 10), IssuedAt: time.Now().AddDate(-3, 0, 10),
	}
	if err := app.DB.Create(cert).Error; err != nil {
		t.Fatal(err)
	}
	var total atomic.Int64
	for _, svc := range []*assessments.Service{app.Svc, second} {
		wg.Add(1)
		go func(svc *assessments.Service) {
			defer wg.Done()
			n, err := svc.SendExpiryReminders(ctx)
			if err != nil {
				t.Error(err)
			}
			total.Add(int64(n))
		}(svc)
	}
	wg.Wait()
	if total.Load() != 1 {
		t.Fatalf("reminders sent by two instances: %d", total.Load())
	}
}
