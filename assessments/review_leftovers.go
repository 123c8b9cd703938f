package assessments

// Leftovers of the move of review queries into models: these keep the
// old signatures for callers in files other helpers are reworking
// (questionnaire.go, notifications.go, clarifications.go). Delete this
// file once those call models.Scope, models.ActiveAssignments,
// Service.setStatusTo and Service.acceptPending instead.

import (
	"gorm.io/gorm"

	"hotlineportal/models"
)

// reviewerScope limits assessments to those assigned to the reviewer (and
// not declined).
func reviewerScope(db *gorm.DB, a Actor) *gorm.DB {
	return db.Where("EXISTS (SELECT 1 FROM assignments WHERE assignments.assessment_id = assessments.id AND assignments.reviewer_id = ? AND assignments.status <> ?)",
		a.User.ID, models.AssignmentDeclined)
}

// activeAssignments lists an assessment's assignments that were not
// declined, with their reviewers, in assignment order.
func activeAssignments(db *gorm.DB, assessmentID string) ([]models.Assignment, error) {
	var out []models.Assignment
	err := db.Preload("Reviewer").Where("assessment_id = ? AND status <> ?", assessmentID, models.AssignmentDeclined).
		Order("assigned_at, id").Find(&out).Error
	return out, err
}

// setStatus is setStatusTo with the transaction's own context.
func (s *Service) setStatus(tx *models.DB, id string, status models.Status) error {
	return s.setStatusTo(tx.Statement.Context, tx, id, status)
}

// acceptIfPending is acceptPending with the transaction's own context.
func acceptIfPending(tx *models.DB, asg *models.Assignment, s *Service) error {
	return s.acceptPending(tx.Statement.Context, tx, asg)
}
