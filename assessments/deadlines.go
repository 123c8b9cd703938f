package assessments

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"hotlineportal/models"
)

// reviewDue is when a review falls due: the date given, else days after
// the assignment (30 when the setting is missing).
func reviewDue(given *time.Time, assignedAt time.Time, days int) *time.Time {
	if given != nil {
		d := given.UTC()
		return &d
	}
	if days <= 0 {
		days = 30
	}
	d := assignedAt.UTC().AddDate(0, 0, days)
	return &d
}

// MoveReviewDue moves the due date of a reviewer's active assignment
// (secretariat), audited with the old and new dates. A date already past
// is accepted.
func (s *Service) MoveReviewDue(ctx context.Context, a Actor, assessmentID, reviewerID string, due time.Time) (*models.Assignment, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if !models.ValidID(reviewerID) {
		return nil, ErrNotFound
	}
	asg, err := models.ActiveAssignment(ctx, s.db, as.ID, reviewerID)
	if err != nil {
		return nil, err
	}
	due = due.UTC()
	old := asg.DueAt
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.SetAssignmentDue(ctx, tx, asg.ID, due); err != nil {
			return fmt.Errorf("move due date: %w", err)
		}
		return s.audit(ctx, tx, a, "review.due_move", "assessment", as.ID,
			fmt.Sprintf("reviewer %s: %s -> %s", reviewerID, dateText(old), dateText(&due)))
	})
	if err != nil {
		return nil, fmt.Errorf("move the due date of %s on %s: %w", reviewerID, as.ID, err)
	}
	asg.DueAt = &due
	return asg, nil
}

// SetDeadline sets, moves or (nil) clears an assessment's submission
// deadline (secretariat), audited. A date already past is accepted.
func (s *Service) SetDeadline(ctx context.Context, a Actor, assessmentID string, deadline *time.Time) (*models.Assessment, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if deadline != nil {
		d := deadline.UTC()
		deadline = &d
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.SetAssessmentDeadline(ctx, tx, as.ID, deadline); err != nil {
			return fmt.Errorf("set deadline: %w", err)
		}
		return s.audit(ctx, tx, a, "assessment.deadline", "assessment", as.ID,
			fmt.Sprintf("%s -> %s", dateText(as.Deadline), dateText(deadline)))
	})
	if err != nil {
		return nil, fmt.Errorf("set the deadline of %s: %w", as.ID, err)
	}
	as.Deadline = deadline
	return as, nil
}

// dateText writes an optional date for the audit log.
func dateText(t *time.Time) string {
	if t == nil {
		return "none"
	}
	return t.UTC().Format(time.RFC3339)
}

// ReviewerDue is one reviewer's part in an assessment as the secretariat
// follows it: when the review is due and when it was submitted.
type ReviewerDue struct {
	UserID      string
	Name        string
	DueAt       *time.Time
	SubmittedAt *time.Time
	// Late: past its due date, not submitted, while reviews are open.
	Late bool
}

// late says whether a review is past its due date at now and not
// submitted while the assessment still takes reviews.
func late(due, submitted *time.Time, st models.Status, now time.Time) bool {
	return submitted == nil && due != nil && due.Before(now) && reviewOpen(st)
}

// ReviewerDues lists an assessment's active reviewers with their due
// dates: all of them for the secretariat, its own entry for a reviewer,
// and nothing (ok false) for anyone else, who may not know who reviews.
func (s *Service) ReviewerDues(ctx context.Context, a Actor, assessmentID string) (out []ReviewerDue, ok bool, err error) {
	if !a.Is(models.RoleSecretariat, models.RoleReviewer) {
		return nil, false, nil
	}
	as, err := s.visibleAssessment(ctx, a, assessmentID)
	if err != nil {
		return nil, false, err
	}
	rows, err := models.ReviewerDueRows(ctx, s.db, assessmentID)
	if err != nil {
		return nil, false, fmt.Errorf("load the reviewers of %s: %w", assessmentID, err)
	}
	out = []ReviewerDue{}
	for _, r := range rows {
		if a.Is(models.RoleReviewer) && r.UserID != a.User.ID {
			continue
		}
		out = append(out, ReviewerDue{UserID: r.UserID, Name: r.Name, DueAt: r.DueAt, SubmittedAt: r.SubmittedAt,
			Late: late(r.DueAt, r.SubmittedAt, as.Status, s.now())})
	}
	return out, true, nil
}

// ReviewerTask is one of a reviewer's assignments as its dashboard shows
// it: the assessment, when the review is due, and whether it is late.
type ReviewerTask struct {
	Assessment models.Assessment
	DueAt      *time.Time
	Submitted  bool
	Late       bool
}

// ReviewerTasks lists a reviewer's assignments still to review (or
// reviewed, while the assessment is not decided), the late ones first,
// then by due date.
func (s *Service) ReviewerTasks(ctx context.Context, a Actor) ([]ReviewerTask, error) {
	if !a.Is(models.RoleReviewer) {
		return nil, ErrForbidden
	}
	rows, err := models.ReviewerAssignmentRows(ctx, s.db, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("load assignments: %w", err)
	}
	now := s.now()
	out := make([]ReviewerTask, 0, len(rows))
	for _, r := range rows {
		out = append(out, ReviewerTask{Assessment: r.Assessment, DueAt: r.DueAt, Submitted: r.SubmittedAt != nil,
			Late: late(r.DueAt, r.SubmittedAt, r.Assessment.Status, now)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Late != out[j].Late {
			return out[i].Late
		}
		return timeBefore(out[i].DueAt, out[j].DueAt)
	})
	return out, nil
}

// reviewOpen says whether reviews can still be submitted in a status.
func reviewOpen(st models.Status) bool {
	return st == models.StatusSubmitted || st == models.StatusInReview
}

// timeBefore orders optional times, missing ones last.
func timeBefore(a, b *time.Time) bool {
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	}
	return a.Before(*b)
}

// DeadlineLate says whether an assessment's submission deadline has passed
// while it is still with its hotline (draft or changes requested).
func (s *Service) DeadlineLate(as *models.Assessment) bool {
	return as.Deadline != nil && as.Deadline.Before(s.now()) &&
		(as.Status == models.StatusDraft || as.Status == models.StatusChangesRequested)
}

// completeDueDates gives assignments made before due dates existed one:
// assigned_at plus ReviewDays. Idempotent: only empty due dates are set.
func (s *Service) completeDueDates(ctx context.Context) error {
	rows, err := models.AssignmentsWithoutDue(ctx, s.db)
	if err != nil {
		return fmt.Errorf("find assignments without a due date: %w", err)
	}
	for _, r := range rows {
		due := reviewDue(nil, r.AssignedAt, s.opts.ReviewDays)
		if err := models.FillAssignmentDue(ctx, s.db, r.ID, *due); err != nil && !errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("set the due date of %s: %w", r.ID, err)
		}
	}
	return nil
}
