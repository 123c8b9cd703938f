package e2e

import (
	"testing"
	"time"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The secretariat's dashboard with its banner about undelivered emails,
// and the list of those emails (full, and empty), pass the same checks as
// every other page: axe-core, no sideways scrolling at 375 px, tap targets.
func TestAccessibilityOfUndeliveredEmails(t *testing.T) {
	app := servertest.New(t)
	now := time.Now().UTC()
	for i, name := range []string{"Νίκος Καζαντζάκης", "Олена Коваленко"} {
		m := &models.OutboxMessage{
			ID: models.NewID(), ToAddress: "undelivered" + string(rune('a'+i)) + "@test.example", ToName: name, Language: "el",
			Subject: "Ο λογαριασμός σας στην Πύλη Διαπίστευσης 116 000", Body: "-", Status: models.MailFailed, Attempts: 8,
			LastError: "attempt 8: dial failed: dial tcp 127.0.0.1:2525: connect: connection refused", NextAttemptAt: now, LastAttemptAt: &now, CreatedAt: now,
		}
		if err := app.DB.Create(m).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int{1280, 375} {
		visit(t, app, width, []pageVisit{
			{servertest.Secretariat, "/dashboard"}, {servertest.Secretariat, "/outbox"}, {servertest.Secretariat, "/outbox?status=retrying"},
		}, "")
	}
}
