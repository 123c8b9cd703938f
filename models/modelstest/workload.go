package modelstest

import (
	"fmt"
	"testing"
	"time"

	"hotlineportal/models"
)

// Workload is what SeedWorkload wrote: the hotlines, and per work-list
// kind the number of items it should give.
type Workload struct {
	Hotlines []string
	Expected map[string]int
}

// SeedWorkload writes, straight into the tables, a network of n hotlines
// with cycles past decided cycles each (at least 1) and a current one
// whose state turns with the hotline's index: submitted without reviewers,
// in review with a late review, reviewed, decided with an overdue
// condition, decided with a certificate expiring within 90 days, a
// draft. It is for measuring the work list at size (a real cycle through
// the domain takes seconds) and for checking each kind is found.
// frameworkID must exist; reviewers are two reviewer accounts.
func SeedWorkload(t testing.TB, db *models.DB, n, cycles int, frameworkID string, reviewers [2]string, now time.Time) *Workload {
	t.Helper()
	w := &Workload{Expected: map[string]int{}}
	var (
		hotlines    []models.Hotline
		assessments []models.Assessment
		assignments []models.Assignment
		reviews     []models.Review
		decisions   []models.Decision
		conditions  []models.Condition
		certs       []models.Certificate
	)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	for i := range n {
		h := models.Hotline{ID: models.NewID(), Name: fmt.Sprintf("Hotline %04d", i), SearchKey: fmt.Sprintf("hotline %04d", i),
			Country: "BE", Channels: models.StringList{"phone"}, Languages: models.StringList{"en"}, CreatedAt: ago(2000), UpdatedAt: ago(2000)}
		hotlines = append(hotlines, h)
		w.Hotlines = append(w.Hotlines, h.ID)
		decide := func(as *models.Assessment, at time.Time) {
			d := models.Decision{ID: models.NewID(), AssessmentID: as.ID, Outcome: "accredited", ProposedOutcome: "accredited",
				Rationale: "Seeded.", DecidedBy: "seed", DecidedAt: at}
			decisions = append(decisions, d)
			for k, r := range reviewers {
				assignments = append(assignments, models.Assignment{ID: models.NewID(), AssessmentID: as.ID, ReviewerID: r,
					Status: models.AssignmentAccepted, AssignedAt: at.AddDate(0, 0, -40), DueAt: ptr(at.AddDate(0, 0, -10+k))})
				reviews = append(reviews, models.Review{ID: models.NewID(), AssessmentID: as.ID, ReviewerID: r,
					Recommendation: models.RecommendAccredit, SubmittedAt: at.AddDate(0, 0, -5)})
			}
		}
		var prev *string
		for c := range cycles {
			at := ago(1200*(cycles-c) + i%50)
			as := models.Assessment{ID: models.NewID(), HotlineID: h.ID, FrameworkID: frameworkID, Status: models.StatusDecided,
				Round: 1, PreviousID: prev, Version: 5, SubmittedAt: ptr(at.AddDate(0, 0, -60)), CreatedAt: at.AddDate(0, 0, -90), UpdatedAt: at}
			assessments = append(assessments, as)
			decide(&as, at)
			certs = append(certs, cert(as, h, at, at.AddDate(3, 0, 0), fmt.Sprintf("W-%04d-%d", i, c)))
			prev = &assessments[len(assessments)-1].ID
		}
		cur := models.Assessment{ID: models.NewID(), HotlineID: h.ID, FrameworkID: frameworkID, Round: 1, PreviousID: prev, Version: 3,
			SubmittedAt: ptr(ago(20 + i%30)), CreatedAt: ago(90), UpdatedAt: ago(10 + i%30)}
		switch i % 6 {
		case 0:
			cur.Status = models.StatusSubmitted
			w.Expected[models.WorkAssignReviewers]++
		case 1:
			cur.Status = models.StatusInReview
			assignments = append(assignments,
				models.Assignment{ID: models.NewID(), AssessmentID: cur.ID, ReviewerID: reviewers[0], Status: models.AssignmentAccepted,
					AssignedAt: ago(40), DueAt: ptr(ago(3 + i%20))},
				models.Assignment{ID: models.NewID(), AssessmentID: cur.ID, ReviewerID: reviewers[1], Status: models.AssignmentPending,
					AssignedAt: ago(5), DueAt: ptr(now.AddDate(0, 0, 25))})
			w.Expected[models.WorkReviewOverdue]++
		case 2:
			cur.Status = models.StatusReviewed
			w.Expected[models.WorkDecide]++
		case 3, 4:
			cur.Status = models.StatusDecided
			decide(&cur, ago(200))
			until := now.AddDate(0, 0, 30+i%50)
			if i%6 == 3 {
				until = now.AddDate(2, 0, 0)
				conditions = append(conditions, models.Condition{ID: models.NewID(), DecisionID: decisions[len(decisions)-1].ID,
					AssessmentID: cur.ID, HotlineID: h.ID, Text: "Publish the policy.", Deadline: ago(7 + i%20), Status: models.ConditionOpen, CreatedAt: ago(200)})
				w.Expected[models.WorkConditionOverdue]++
			} else {
				w.Expected[models.WorkCertificateExpiring]++
			}
			certs = append(certs, cert(cur, h, ago(200), until, fmt.Sprintf("W-%04d-c", i)))
		default:
			cur.Status, cur.SubmittedAt = models.StatusDraft, nil
		}
		assessments = append(assessments, cur)
	}
	for _, batch := range []any{hotlines, assessments, assignments, reviews, decisions, conditions, certs} {
		if err := db.CreateInBatches(batch, 200).Error; err != nil {
			t.Fatalf("seed the workload: %v", err)
		}
	}
	return w
}

// cert is a certificate of an assessment valid from..until.
func cert(as models.Assessment, h models.Hotline, from, until time.Time, number string) models.Certificate {
	return models.Certificate{ID: models.NewID(), Number: number, AssessmentID: as.ID, HotlineID: h.ID, HotlineName: h.Name,
		Country: h.Country, Channels: h.Channels, FrameworkCode: "116000", FrameworkVersion: "1", Outcome: "accredited",
		ValidFrom: from, ValidUntil: until, IssuedAt: from}
}

func ptr[T any](v T) *T { return &v }
