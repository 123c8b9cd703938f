package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Work-list kinds: the secretariat's next actions.
const (
	WorkAssignReviewers     = "assign_reviewers"
	WorkReviewOverdue       = "review_overdue"
	WorkDecide              = "decide"
	WorkConditionOverdue    = "condition_overdue"
	WorkCertificateExpiring = "certificate_expiring"
	WorkAppeal              = "appeal"
)

// WorkRow is one of the secretariat's next actions as the queries find
// it: what, on which assessment of which hotline, and when it fell due.
// ReviewerID and ReviewerName are set for an overdue review, Certificate
// for an expiring certificate, Detail (its text) for a condition, AppealID
// and Detail (its status) for an appeal.
type WorkRow struct {
	Kind         string
	AssessmentID string
	HotlineID    string
	Hotline      string
	ReviewerID   string
	ReviewerName string
	Certificate  string
	Detail       string
	AppealID     string
	DueAt        time.Time
}

// WorkRows finds every next action at now in five indexed queries:
// assessments short of reviewers (due when submitted), overdue reviews,
// reviewed assessments to decide (due when they became reviewed: their
// last change), overdue conditions (unless a later certificate has
// superseded the one they came with), each hotline's newest valid
// certificate expiring before horizon, and open appeals (due when lodged,
// for the panel to be formed, then when the panel's views are due).
func WorkRows(ctx context.Context, db *DB, now, horizon time.Time, required int) ([]WorkRow, error) {
	q := db.WithContext(ctx)
	queries := []struct {
		kind  string
		query *gorm.DB
	}{
		{WorkAssignReviewers, q.Table("assessments").
			Select("assessments.id AS assessment_id, hotlines.id AS hotline_id, hotlines.name AS hotline, assessments.submitted_at AS due_at").
			Joins("JOIN hotlines ON hotlines.id = assessments.hotline_id").
			Where("assessments.submitted_at IS NOT NULL AND assessments.status IN ? AND (SELECT COUNT(*) FROM assignments WHERE assignments.assessment_id = assessments.id AND assignments.status <> ?) < ?",
				[]Status{StatusSubmitted, StatusInReview}, AssignmentDeclined, required)},
		{WorkReviewOverdue, q.Table("assignments").
			Select("assessments.id AS assessment_id, hotlines.id AS hotline_id, hotlines.name AS hotline, users.id AS reviewer_id, users.name AS reviewer_name, assignments.due_at AS due_at").
			Joins("JOIN assessments ON assessments.id = assignments.assessment_id").
			Joins("JOIN hotlines ON hotlines.id = assessments.hotline_id").
			Joins("JOIN users ON users.id = assignments.reviewer_id").
			Where("assignments.status IN ? AND assignments.due_at < ? AND assessments.status IN ?",
				[]string{AssignmentPending, AssignmentAccepted}, now, []Status{StatusSubmitted, StatusInReview}).
			Where("NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id)")},
		{WorkDecide, q.Table("assessments").
			Select("assessments.id AS assessment_id, hotlines.id AS hotline_id, hotlines.name AS hotline, assessments.updated_at AS due_at").
			Joins("JOIN hotlines ON hotlines.id = assessments.hotline_id").
			Where("assessments.status = ?", StatusReviewed)},
		{WorkConditionOverdue, q.Table("conditions").
			Select("conditions.assessment_id AS assessment_id, hotlines.id AS hotline_id, hotlines.name AS hotline, conditions.text AS detail, conditions.deadline AS due_at").
			Joins("JOIN hotlines ON hotlines.id = conditions.hotline_id").
			Where("conditions.status <> ? AND conditions.deadline < ?", ConditionAccepted, now).
			Where("NOT EXISTS (SELECT 1 FROM certificates later WHERE later.hotline_id = conditions.hotline_id AND later.issued_at > conditions.created_at)")},
		{WorkCertificateExpiring, q.Table("certificates").
			Select("certificates.assessment_id AS assessment_id, certificates.hotline_id AS hotline_id, certificates.hotline_name AS hotline, certificates.number AS certificate, certificates.valid_until AS due_at").
			Where("certificates.revoked_at IS NULL AND (certificates.suspended_at IS NULL OR (certificates.suspended_until IS NOT NULL AND certificates.suspended_until <= ?))", now).
			Where("certificates.valid_until > ? AND certificates.valid_until <= ?", now, horizon).
			Where("NOT EXISTS (SELECT 1 FROM certificates newer WHERE newer.hotline_id = certificates.hotline_id AND newer.valid_until > certificates.valid_until AND newer.revoked_at IS NULL)")},
		{WorkAppeal, appealWork(q, AppealLodged, "appeals.lodged_at")},
		{WorkAppeal, appealWork(q, AppealPanel, "appeals.views_due_at")},
	}
	var out []WorkRow
	for _, x := range queries {
		var rows []WorkRow
		if err := x.query.Scan(&rows).Error; err != nil {
			return nil, err
		}
		for i := range rows {
			rows[i].Kind = x.kind
		}
		out = append(out, rows...)
	}
	return out, nil
}

// appealWork finds the open appeals in one state, due at the given column
// (each its own column, so both databases read it as a time).
func appealWork(q *gorm.DB, status, dueColumn string) *gorm.DB {
	return q.Table("appeals").
		Select("appeals.assessment_id AS assessment_id, hotlines.id AS hotline_id, hotlines.name AS hotline, appeals.id AS appeal_id, appeals.status AS detail, "+dueColumn+" AS due_at").
		Joins("JOIN hotlines ON hotlines.id = appeals.hotline_id").
		Where("appeals.status = ?", status)
}

// CountAssessmentsByStatus counts the assessments in each status (one
// grouped query over the status index).
func CountAssessmentsByStatus(ctx context.Context, db *DB) (map[Status]int64, error) {
	var rows []struct {
		Status Status
		N      int64
	}
	err := db.WithContext(ctx).Model(&Assessment{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[Status]int64, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
