package models

import "gorm.io/gorm"

// Scope is what a query may show to whoever is asking: everything (the
// secretariat), one hotline's records (its manager), the assessments
// assigned to one reviewer, or nothing. The domain decides the scope of an
// actor, which is a rule; the queries apply it, which is SQL. "Not in the
// scope" and "does not exist" are the same answer: ErrNotFound.
type Scope struct {
	All        bool
	HotlineID  string
	ReviewerID string
}

// NoScope shows nothing.
var NoScope = Scope{}

// assessments limits a query on the assessments table to the scope.
func (sc Scope) assessments(db *gorm.DB) *gorm.DB {
	switch {
	case sc.All:
		return db
	case sc.HotlineID != "":
		return db.Where("assessments.hotline_id = ?", sc.HotlineID)
	case sc.ReviewerID != "":
		return db.Where("EXISTS (SELECT 1 FROM assignments WHERE assignments.assessment_id = assessments.id AND assignments.reviewer_id = ? AND assignments.status <> ?)",
			sc.ReviewerID, AssignmentDeclined)
	}
	return db.Where("1 = 0")
}
