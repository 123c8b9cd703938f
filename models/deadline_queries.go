package models

import (
	"context"
	"time"
)

// SetAssignmentDue moves an assignment's due date.
func SetAssignmentDue(ctx context.Context, db *DB, id string, due time.Time) error {
	return db.WithContext(ctx).Model(&Assignment{}).Where("id = ?", id).Update("due_at", due).Error
}

// SetAssessmentDeadline sets or (nil) clears an assessment's submission
// deadline. The version is left alone: the deadline is not part of what
// the manager edits, so it must not make their open forms stale.
func SetAssessmentDeadline(ctx context.Context, db *DB, id string, deadline *time.Time) error {
	return db.WithContext(ctx).Model(&Assessment{}).Where("id = ?", id).Update("deadline", deadline).Error
}

// AssignmentsWithoutDue lists the assignments made before due dates
// existed (id and assignment time only).
func AssignmentsWithoutDue(ctx context.Context, db *DB) ([]Assignment, error) {
	var out []Assignment
	err := db.WithContext(ctx).Select("id", "assigned_at").Where("due_at IS NULL").Find(&out).Error
	return out, err
}

// FillAssignmentDue sets a due date only where none is set, so that two
// instances starting at once agree.
func FillAssignmentDue(ctx context.Context, db *DB, id string, due time.Time) error {
	return db.WithContext(ctx).Model(&Assignment{}).Where("id = ? AND due_at IS NULL", id).Update("due_at", due).Error
}

// ReviewerDueRow is one active reviewer of an assessment with the due
// date and, once submitted, when the review was submitted.
type ReviewerDueRow struct {
	UserID      string
	Name        string
	DueAt       *time.Time
	SubmittedAt *time.Time
}

// ReviewerDueRows lists an assessment's active (not declined) assignments
// with the reviewer's name and review, in assignment order.
func ReviewerDueRows(ctx context.Context, db *DB, assessmentID string) ([]ReviewerDueRow, error) {
	var out []ReviewerDueRow
	err := db.WithContext(ctx).Table("assignments").
		Select("assignments.reviewer_id AS user_id, users.name AS name, assignments.due_at AS due_at, reviews.submitted_at AS submitted_at").
		Joins("JOIN users ON users.id = assignments.reviewer_id").
		Joins("LEFT JOIN reviews ON reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id").
		Where("assignments.assessment_id = ? AND assignments.status <> ?", assessmentID, AssignmentDeclined).
		Order("assignments.assigned_at, assignments.id").Scan(&out).Error
	return out, err
}

// ReviewerAssignmentRow is one of a reviewer's active assignments to an
// assessment not yet decided, with its due date and review.
type ReviewerAssignmentRow struct {
	Assessment  Assessment
	DueAt       *time.Time
	SubmittedAt *time.Time
}

// ReviewerAssignmentRows lists a reviewer's active assignments to
// assessments not yet decided, with each assessment and its hotline, by
// due date.
func ReviewerAssignmentRows(ctx context.Context, db *DB, reviewerID string) ([]ReviewerAssignmentRow, error) {
	var asg []struct {
		AssessmentID string
		DueAt        *time.Time
		SubmittedAt  *time.Time
	}
	err := db.WithContext(ctx).Table("assignments").
		Select("assignments.assessment_id, assignments.due_at, reviews.submitted_at").
		Joins("JOIN assessments ON assessments.id = assignments.assessment_id").
		Joins("LEFT JOIN reviews ON reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id").
		Where("assignments.reviewer_id = ? AND assignments.status <> ? AND assessments.status <> ?", reviewerID, AssignmentDeclined, StatusDecided).
		Order("assignments.due_at, assignments.id").Scan(&asg).Error
	if err != nil || len(asg) == 0 {
		return nil, err
	}
	ids := make([]string, len(asg))
	for i, r := range asg {
		ids[i] = r.AssessmentID
	}
	var list []Assessment
	if err := db.WithContext(ctx).Preload("Hotline").Where("id IN ?", ids).Find(&list).Error; err != nil {
		return nil, err
	}
	byID := make(map[string]Assessment, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	out := make([]ReviewerAssignmentRow, 0, len(asg))
	for _, r := range asg {
		out = append(out, ReviewerAssignmentRow{Assessment: byID[r.AssessmentID], DueAt: r.DueAt, SubmittedAt: r.SubmittedAt})
	}
	return out, nil
}
