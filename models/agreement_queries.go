package models

import (
	"context"
	"database/sql"
	"fmt"
)

// RatedScore is one reviewer's numeric score of one criterion of one
// assessment: a value of the reviewer agreement figures.
type RatedScore struct {
	AssessmentID string
	Criterion    string
	ReviewerID   string
	Score        int
}

// agreementStatuses are the states whose reviews are all submitted.
var agreementStatuses = []Status{StatusReviewed, StatusDecided}

// EachRatedScore calls fn with every numeric score (N/A left out) of the
// submitted reviews of the assessments on a framework that are reviewed
// or decided, ordered by assessment, criterion and reviewer, so that the
// caller meets each criterion's scores together. Rows are streamed: a
// network's hundreds of thousands of scores never sit in memory at once.
func EachRatedScore(ctx context.Context, db *DB, frameworkID string, fn func(RatedScore)) error {
	rows, err := db.WithContext(ctx).Table("scores").
		Select("scores.assessment_id, scores.criterion, scores.reviewer_id, scores.score").
		Joins("JOIN reviews ON reviews.assessment_id = scores.assessment_id AND reviews.reviewer_id = scores.reviewer_id").
		Joins("JOIN assessments ON assessments.id = scores.assessment_id").
		Where("assessments.framework_id = ? AND assessments.status IN ? AND scores.score IS NOT NULL", frameworkID, agreementStatuses).
		Order("scores.assessment_id, scores.criterion, scores.reviewer_id").Rows()
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var r RatedScore
	for rows.Next() {
		if err := rows.Scan(&r.AssessmentID, &r.Criterion, &r.ReviewerID, &r.Score); err != nil {
			return translate(err)
		}
		fn(r)
	}
	return translate(rows.Err())
}

// ReviewsGeneration changes whenever a review of a reviewed or decided
// assessment on the framework is submitted or withdrawn (a reopened
// review round deletes the reviews; submitting again adds newer ones):
// the key under which agreement figures stay true.
func ReviewsGeneration(ctx context.Context, db *DB, frameworkID string) (string, error) {
	var row struct {
		N    int64
		Last sql.NullString
	}
	err := db.WithContext(ctx).Table("reviews").
		Select("COUNT(*) AS n, MAX(reviews.submitted_at) AS last").
		Joins("JOIN assessments ON assessments.id = reviews.assessment_id").
		Where("assessments.framework_id = ? AND assessments.status IN ?", frameworkID, agreementStatuses).
		Scan(&row).Error
	if err != nil {
		return "", translate(err)
	}
	return fmt.Sprintf("%d/%s", row.N, row.Last.String), nil
}

// UserNames maps the given user IDs to their names.
func UserNames(ctx context.Context, db *DB, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Name string }
	if err := db.WithContext(ctx).Model(&User{}).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
