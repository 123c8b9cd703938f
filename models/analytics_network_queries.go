package models

import "context"

// ScoreCount is how many submitted reviewer scores of one criterion have
// one value: a bar of a criterion's distribution.
type ScoreCount struct {
	Criterion string
	Score     int
	N         int
}

// SubmittedScoreCounts counts the reviewers' own numeric scores (N/A left
// out) of submitted reviews of the given assessments, per criterion and
// value, in one aggregate query: the network's distributions.
func SubmittedScoreCounts(ctx context.Context, db *DB, assessmentIDs []string) ([]ScoreCount, error) {
	var out []ScoreCount
	if len(assessmentIDs) == 0 {
		return out, nil
	}
	err := db.WithContext(ctx).Table("scores").
		Select("scores.criterion AS criterion, scores.score AS score, COUNT(*) AS n").
		Joins("JOIN reviews ON reviews.assessment_id = scores.assessment_id AND reviews.reviewer_id = scores.reviewer_id").
		Where("scores.assessment_id IN ? AND scores.score IS NOT NULL", assessmentIDs).
		Group("scores.criterion, scores.score").Order("scores.criterion, scores.score").
		Scan(&out).Error
	return out, translate(err)
}

// AssessmentStatuses maps each of the given assessments to its status.
func AssessmentStatuses(ctx context.Context, db *DB, ids []string) (map[string]Status, error) {
	out := make(map[string]Status, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID     string
		Status Status
	}
	if err := db.WithContext(ctx).Model(&Assessment{}).Select("id, status").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ID] = r.Status
	}
	return out, nil
}

// FrameworksByVersion lists the stored frameworks with a version string,
// newest first: a query names a framework by its version.
func FrameworksByVersion(ctx context.Context, db *DB, version string) ([]Framework, error) {
	var rows []Framework
	err := db.WithContext(ctx).Omit("source").Where("version = ?", version).Order("created_at DESC").Find(&rows).Error
	return rows, translate(err)
}

// ResultsOverview lists the stored results on one framework version with
// their hotline, oldest decision first, like ListResults but without the
// criterion scores, which only the latest results need (ResultCriteria):
// the trend reads every cycle, and parsing fifty scores of each would
// cost more than the rest of the figures.
func ResultsOverview(ctx context.Context, db *DB, frameworkID string) ([]AssessmentResult, error) {
	var out []AssessmentResult
	err := db.WithContext(ctx).Model(&AssessmentResult{}).Preload("Hotline").Omit("criteria").
		Where("framework_id = ?", frameworkID).Order("decided_at, assessment_id").Find(&out).Error
	return out, translate(err)
}

// ResultCriteria loads the criterion scores of the given results.
func ResultCriteria(ctx context.Context, db *DB, ids []string) (map[string]ScoreMap, error) {
	out := make(map[string]ScoreMap, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []AssessmentResult
	if err := db.WithContext(ctx).Select("assessment_id, criteria").Where("assessment_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.AssessmentID] = r.Criteria
	}
	return out, nil
}

// CurrentFrameworkID is the ID of the most recently published version,
// without loading its source: a figure cache needs only the key.
func CurrentFrameworkID(ctx context.Context, db *DB) (string, error) {
	var ids []string
	err := db.WithContext(ctx).Model(&Framework{}).Where("status = ?", FrameworkPublished).
		Order("published_at DESC").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return "", translate(err)
	}
	if len(ids) == 0 {
		return "", ErrNotFound
	}
	return ids[0], nil
}
