package assessments

import (
	"context"
	"fmt"
	"sort"
	"time"

	"hotlineportal/models"
)

// ExpiryHorizon is how far ahead the work list warns of an expiring
// certificate.
const ExpiryHorizon = 90 * 24 * time.Hour

// WorkItem is one of the secretariat's next actions: what to do, on which
// assessment, and when it fell or falls due. Overdue is true when a
// deadline has passed (a review, a condition, an appeal panel's views);
// an assessment waiting for reviewers or a decision, or an appeal for its
// panel, has no deadline, only an age.
type WorkItem struct {
	models.WorkRow
	Overdue bool
}

// Worklist is the secretariat's work list: the next actions oldest first
// and the number of assessments in each status.
type Worklist struct {
	Items  []WorkItem
	Counts map[models.Status]int64
}

// WorkStatuses are the statuses the work list counts, in workflow order.
var WorkStatuses = []models.Status{models.StatusDraft, models.StatusSubmitted, models.StatusInReview,
	models.StatusChangesRequested, models.StatusReviewed, models.StatusDecided}

// Worklist builds the secretariat's work list (secretariat only).
func (s *Service) Worklist(ctx context.Context, a Actor) (*Worklist, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	now := s.now()
	rows, err := models.WorkRows(ctx, s.db, now, now.Add(ExpiryHorizon), s.opts.ReviewersPerAssessment)
	if err != nil {
		return nil, fmt.Errorf("find the next actions: %w", err)
	}
	counts, err := models.CountAssessmentsByStatus(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("count assessments: %w", err)
	}
	for _, st := range WorkStatuses {
		counts[st] += 0
	}
	return &Worklist{Items: workItems(rows, now), Counts: counts}, nil
}

// workItems marks what is overdue and sorts oldest first; ties keep a
// fixed order (kind, assessment, reviewer) so pages do not shuffle.
func workItems(rows []models.WorkRow, now time.Time) []WorkItem {
	out := make([]WorkItem, len(rows))
	for i, r := range rows {
		overdue := (r.Kind == models.WorkReviewOverdue || r.Kind == models.WorkConditionOverdue ||
			(r.Kind == models.WorkAppeal && r.Detail == models.AppealPanel)) && r.DueAt.Before(now)
		out[i] = WorkItem{WorkRow: r, Overdue: overdue}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if !x.DueAt.Equal(y.DueAt) {
			return x.DueAt.Before(y.DueAt)
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		if x.AssessmentID != y.AssessmentID {
			return x.AssessmentID < y.AssessmentID
		}
		return x.ReviewerID < y.ReviewerID
	})
	return out
}
