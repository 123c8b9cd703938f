package models

import "context"

// ResultOf loads the stored figures of one decided assessment, for its
// benchmark; ErrNotFound when none is stored (not decided, or decided
// before figures were kept and not backfilled yet).
func ResultOf(ctx context.Context, db *DB, assessmentID string) (*AssessmentResult, error) {
	var r AssessmentResult
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Take(&r).Error; err != nil {
		return nil, translate(err)
	}
	return &r, nil
}
