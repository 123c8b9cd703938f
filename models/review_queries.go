package models

import (
	"context"
)

// AssessmentRound is an assessment's current round (1, then one more per
// clarification); ErrNotFound when it does not exist.
func AssessmentRound(ctx context.Context, db *DB, id string) (int, error) {
	var round int
	if err := db.WithContext(ctx).Model(&Assessment{}).Select("round").Where("id = ?", id).Scan(&round).Error; err != nil {
		return 0, err
	}
	if round == 0 {
		return 0, ErrNotFound
	}
	return round, nil
}

// ReviewSubmitted tells whether a reviewer has submitted a review of an
// assessment (after which their scores are final).
func ReviewSubmitted(ctx context.Context, db *DB, assessmentID, reviewerID string) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Review{}).Where("assessment_id = ? AND reviewer_id = ?", assessmentID, reviewerID).Count(&n).Error
	return n > 0, err
}

// SubmittedReviews lists an assessment's reviews with their reviewers, in
// the order they came in.
func SubmittedReviews(ctx context.Context, db *DB, assessmentID string) ([]Review, error) {
	var out []Review
	err := db.WithContext(ctx).Preload("Reviewer").Where("assessment_id = ?", assessmentID).Order("submitted_at").Find(&out).Error
	return out, err
}

// InsertReview records a reviewer's review; a second review by the same
// reviewer is ErrDuplicate.
func InsertReview(ctx context.Context, db *DB, r *Review) error {
	return translate(db.WithContext(ctx).Create(r).Error)
}

// ReviewsMissing counts an assessment's active assignments whose reviewer
// has not submitted a review yet.
func ReviewsMissing(ctx context.Context, db *DB, assessmentID string) (int64, error) {
	var missing int64
	err := db.WithContext(ctx).Model(&Assignment{}).Where("assessment_id = ? AND status <> ?", assessmentID, AssignmentDeclined).
		Where("NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id)").
		Count(&missing).Error
	return missing, err
}

// DeleteReviews withdraws every review of an assessment so that its
// reviewers can change their scores again (reconciliation); it returns
// the reviews it withdrew.
func DeleteReviews(ctx context.Context, db *DB, assessmentID string) ([]Review, error) {
	var reviews []Review
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Find(&reviews).Error; err != nil {
		return nil, err
	}
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Delete(&Review{}).Error; err != nil {
		return nil, err
	}
	return reviews, nil
}

// InsertMessage adds an entry to an assessment's thread.
func InsertMessage(ctx context.Context, db *DB, m *Message) error {
	return db.WithContext(ctx).Create(m).Error
}

// ThreadMessages lists an assessment's messages with their authors,
// oldest first.
func ThreadMessages(ctx context.Context, db *DB, assessmentID string) ([]Message, error) {
	var out []Message
	err := db.WithContext(ctx).Preload("Author").Where("assessment_id = ?", assessmentID).Order("created_at, id").Find(&out).Error
	return out, err
}

// AnswerRounds lists an assessment's answers as they stood at the end of
// one round (the snapshot taken at submission).
func AnswerRounds(ctx context.Context, db *DB, assessmentID string, round int) ([]AnswerRound, error) {
	var out []AnswerRound
	err := db.WithContext(ctx).Where("assessment_id = ? AND round = ?", assessmentID, round).Find(&out).Error
	return out, err
}
