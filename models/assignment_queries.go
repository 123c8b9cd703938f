package models

import (
	"context"
	"time"
)

// ActiveAssignments lists an assessment's assignments that were not
// declined, with their reviewers, in assignment order.
func ActiveAssignments(ctx context.Context, db *DB, assessmentID string) ([]Assignment, error) {
	var out []Assignment
	err := db.WithContext(ctx).Preload("Reviewer").Where("assessment_id = ? AND status <> ?", assessmentID, AssignmentDeclined).
		Order("assigned_at, id").Find(&out).Error
	return out, err
}

// ActiveAssignment is a reviewer's assignment to an assessment, unless it
// was declined (ErrNotFound).
func ActiveAssignment(ctx context.Context, db *DB, assessmentID, reviewerID string) (*Assignment, error) {
	var as Assignment
	err := db.WithContext(ctx).Where("assessment_id = ? AND reviewer_id = ? AND status <> ?", assessmentID, reviewerID, AssignmentDeclined).Take(&as).Error
	if err != nil {
		return nil, translate(err)
	}
	return &as, nil
}

// AssignableReviewers lists every reviewer account that is not disabled,
// by name: the people the secretariat can choose from.
func AssignableReviewers(ctx context.Context, db *DB) ([]User, error) {
	var out []User
	err := db.WithContext(ctx).Where("role = ? AND disabled = ?", RoleReviewer, false).Order("search_key").Find(&out).Error
	return out, err
}

// AssignableReviewer is one reviewer account that is not disabled, or
// ErrNotFound (also for a malformed ID or another role's account).
func AssignableReviewer(ctx context.Context, db *DB, id string) (*User, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var u User
	if err := db.WithContext(ctx).Where("id = ? AND role = ? AND disabled = ?", id, RoleReviewer, false).Take(&u).Error; err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// OpenReviewCounts counts, per reviewer, the active assignments to
// assessments still under review (submitted, in review or sent back): how
// busy each reviewer is, for ranking suggestions.
func OpenReviewCounts(ctx context.Context, db *DB) (map[string]int64, error) {
	var counts []struct {
		ReviewerID string
		N          int64
	}
	err := db.WithContext(ctx).Table("assignments").Select("assignments.reviewer_id, COUNT(*) AS n").
		Joins("JOIN assessments ON assessments.id = assignments.assessment_id").
		Where("assignments.status <> ? AND assessments.status IN ?", AssignmentDeclined,
			[]Status{StatusInReview, StatusChangesRequested, StatusSubmitted}).
		Group("assignments.reviewer_id").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(counts))
	for _, c := range counts {
		out[c.ReviewerID] = c.N
	}
	return out, nil
}

// ConflictReasons maps each reviewer who declared a conflict of interest
// with a hotline to the reason given.
func ConflictReasons(ctx context.Context, db *DB, hotlineID string) (map[string]string, error) {
	var cs []Conflict
	if err := db.WithContext(ctx).Where("hotline_id = ?", hotlineID).Find(&cs).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cs))
	for _, c := range cs {
		out[c.ReviewerID] = c.Reason
	}
	return out, nil
}

// ActiveReviewerIDs lists the reviewers of an assessment's assignments
// that were not declined, without loading their accounts (for the
// previous cycle's reviewers).
func ActiveReviewerIDs(ctx context.Context, db *DB, assessmentID string) ([]string, error) {
	var rows []Assignment
	if err := db.WithContext(ctx).Where("assessment_id = ? AND status <> ?", assessmentID, AssignmentDeclined).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ReviewerID)
	}
	return out, nil
}

// InsertAssignment records a new assignment; a reviewer assigned twice
// to one assessment is ErrDuplicate.
func InsertAssignment(ctx context.Context, db *DB, asg *Assignment) error {
	return translate(db.WithContext(ctx).Create(asg).Error)
}

// AnswerAssignment records a reviewer's answer to a pending assignment
// (accepted, or declined with a reason). It reports false when the
// assignment was no longer pending, so nothing changed.
func AnswerAssignment(ctx context.Context, db *DB, id, status, declineReason string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Assignment{}).Where("id = ? AND status = ?", id, AssignmentPending).
		Updates(map[string]any{"status": status, "decline_reason": declineReason, "responded_at": now})
	return res.RowsAffected == 1, res.Error
}

// AcceptAssignmentIfPending records a reviewer's first act on a pending
// assignment (a clarification request, a score) as accepting it, and
// reports whether it was pending still.
func AcceptAssignmentIfPending(ctx context.Context, db *DB, assignmentID string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Assignment{}).Where("id = ? AND status = ?", assignmentID, AssignmentPending).
		Updates(map[string]any{"status": AssignmentAccepted, "responded_at": now})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}
