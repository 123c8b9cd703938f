package models

import "context"

// VisibleAssessment loads one assessment within the scope, with its
// hotline when withHotline is set; outside the scope, or a malformed ID,
// it is ErrNotFound.
func VisibleAssessment(ctx context.Context, db *DB, sc Scope, id string, withHotline bool) (*Assessment, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	q := sc.assessments(db.WithContext(ctx))
	if withHotline {
		q = q.Preload("Hotline")
	}
	var as Assessment
	if err := q.Where("assessments.id = ?", id).Take(&as).Error; err != nil {
		return nil, translate(err)
	}
	return &as, nil
}
