package models

import "context"

// InsertDecision records an assessment's decision; a second decision on
// the same assessment is ErrDuplicate (decisions are final).
func InsertDecision(ctx context.Context, db *DB, d *Decision) error {
	return translate(db.WithContext(ctx).Create(d).Error)
}

// DecisionOf is the decision on an assessment, or ErrNotFound before it.
func DecisionOf(ctx context.Context, db *DB, assessmentID string) (*Decision, error) {
	var d Decision
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Take(&d).Error; err != nil {
		return nil, translate(err)
	}
	return &d, nil
}
