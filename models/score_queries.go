package models

import (
	"context"
	"time"
)

// ScoreForUpdate is a reviewer's score of one criterion, locked on
// PostgreSQL until the transaction ends so that two saves cannot both
// build on the same version; ErrNotFound before the first save.
func ScoreForUpdate(ctx context.Context, db *DB, assessmentID, reviewerID, criterion string) (*Score, error) {
	q := db.WithContext(ctx).Where("assessment_id = ? AND reviewer_id = ? AND criterion = ?", assessmentID, reviewerID, criterion)
	var sc Score
	if err := ForUpdate.apply(db, q).Take(&sc).Error; err != nil {
		return nil, translate(err)
	}
	return &sc, nil
}

// InsertScore records a reviewer's first score of a criterion; a score
// saved meanwhile by a concurrent request is ErrDuplicate.
func InsertScore(ctx context.Context, db *DB, sc *Score) error {
	return translate(db.WithContext(ctx).Create(sc).Error)
}

// UpdateScore writes a score over the version it was read at and bumps
// the version. It reports false when the score has changed since, so
// nothing was written.
func UpdateScore(ctx context.Context, db *DB, id string, version int, score *int, comment string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Score{}).Where("id = ? AND version = ?", id, version).
		Updates(map[string]any{"score": score, "comment": comment, "version": version + 1, "updated_at": now})
	return res.RowsAffected == 1, res.Error
}

// AssessmentScores lists every reviewer's scores of an assessment, for
// consolidation.
func AssessmentScores(ctx context.Context, db *DB, assessmentID string) ([]Score, error) {
	var out []Score
	err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Find(&out).Error
	return out, err
}

// AssessmentScoresByReviewer lists every reviewer's scores of an
// assessment, reviewer by reviewer, for a reviewer's workspace.
func AssessmentScoresByReviewer(ctx context.Context, db *DB, assessmentID string) ([]Score, error) {
	var out []Score
	err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("reviewer_id").Find(&out).Error
	return out, err
}
