package models

import "context"

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
