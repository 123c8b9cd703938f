package models_test

import (
	"context"
	"testing"
	"time"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// An answer is written only if it and its assessment are still as read:
// a newer version, a change of the reopened flag or of the assessment's
// status in between (another tab's save, a clarification, a submission)
// leaves the answer and the audit log untouched. On SQLite and, with
// PORTAL_TEST_DATABASE_URL, on PostgreSQL.
func TestSaveAnswerIfUnchanged(t *testing.T) {
	cases := []struct {
		name    string
		between string // SQL run between the read and the write; $1 is the assessment
		saved   bool
	}{
		{"nothing changed", "", true},
		{"saved meanwhile", "UPDATE answers SET version = version + 1 WHERE assessment_id = $1", false},
		{"reopened meanwhile", "UPDATE answers SET reopened = TRUE WHERE assessment_id = $1", false},
		{"submitted meanwhile", "UPDATE assessments SET status = 'submitted' WHERE id = $1", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := servertest.New(t)
			ctx := context.Background()
			as := app.StartAssessment(servertest.ManagerA)
			seen, status, err := models.ReadAnswerForSave(ctx, app.DB, as.ID, "LEG-01", app.HotlineA.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.between != "" {
				if err := app.DB.Exec(c.between, as.ID).Error; err != nil {
					t.Fatal(err)
				}
			}
			audits := app.AuditCount("answer.save")
			level := "met"
			saved, err := models.SaveAnswerIfUnchanged(ctx, app.DB, models.AnswerSave{
				Seen: seen, SeenStatus: status, Level: &level, Narrative: "Written.", UserID: app.Users[servertest.ManagerA].ID,
				At: time.Now().UTC(), Audit: &models.AuditEntry{Action: "answer.save", ObjectType: "assessment", ObjectID: as.ID},
			})
			if err != nil || saved != c.saved {
				t.Fatalf("saved %v (%v), want %v", saved, err, c.saved)
			}
			var narrative string
			app.DB.Raw("SELECT narrative FROM answers WHERE id = ?", seen.ID).Scan(&narrative)
			wrote := narrative == "Written."
			logged := app.AuditCount("answer.save") - audits
			if wrote != c.saved || logged != map[bool]int64{true: 1, false: 0}[c.saved] {
				t.Fatalf("answer written %v, audit entries %d; want written %v", wrote, logged, c.saved)
			}
		})
	}
}
