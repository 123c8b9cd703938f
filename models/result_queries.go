package models

import (
	"context"
	"fmt"
)

// InsertAssessmentResult stores a decided assessment's figures, in the
// decision's transaction.
func InsertAssessmentResult(ctx context.Context, db *DB, r *AssessmentResult) error {
	return translate(db.WithContext(ctx).Create(r).Error)
}

// ResultFilter narrows the stored results: one framework version, one
// country, one hotline (any left empty: all).
type ResultFilter struct {
	FrameworkID string
	Country     string
	HotlineID   string
}

// ListResults lists the stored results matching f, with their hotline,
// oldest decision first: every cycle, for trends.
func ListResults(ctx context.Context, db *DB, f ResultFilter) ([]AssessmentResult, error) {
	q := db.WithContext(ctx).Model(&AssessmentResult{}).Preload("Hotline")
	if f.FrameworkID != "" {
		q = q.Where("assessment_results.framework_id = ?", f.FrameworkID)
	}
	if f.HotlineID != "" {
		q = q.Where("assessment_results.hotline_id = ?", f.HotlineID)
	}
	if f.Country != "" {
		q = q.Where("assessment_results.hotline_id IN (?)", db.Model(&Hotline{}).Select("id").Where("country = ?", f.Country))
	}
	var out []AssessmentResult
	err := q.Order("assessment_results.decided_at, assessment_results.assessment_id").Find(&out).Error
	return out, err
}

// LatestResults keeps, of results listed oldest first, each hotline's
// latest: the network's current picture.
func LatestResults(results []AssessmentResult) []AssessmentResult {
	last := map[string]int{}
	for i, r := range results {
		last[r.HotlineID] = i
	}
	out := make([]AssessmentResult, 0, len(last))
	for i, r := range results {
		if last[r.HotlineID] == i {
			out = append(out, r)
		}
	}
	return out
}

// ResultsGeneration changes whenever a result is stored or removed, or
// replaced on appeal (which moves its decision time to now): a cache of
// figures computed from the results is good while it holds.
func ResultsGeneration(ctx context.Context, db *DB) (string, error) {
	var row struct {
		N      int64
		Last   string
		Latest string
	}
	err := db.WithContext(ctx).Model(&AssessmentResult{}).
		Select("COUNT(*) AS n, COALESCE(MAX(assessment_id), '') AS last, COALESCE(CAST(MAX(decided_at) AS TEXT), '') AS latest").Scan(&row).Error
	return fmt.Sprintf("%d/%s/%s", row.N, row.Last, row.Latest), err
}

// DecidedWithoutResult lists decided assessments whose figures are not
// stored yet (decided before migration 00009), for the start-up backfill.
func DecidedWithoutResult(ctx context.Context, db *DB) ([]string, error) {
	var ids []string
	err := db.WithContext(ctx).Model(&Assessment{}).Where("status = ?", StatusDecided).
		Where("id NOT IN (?)", db.Model(&AssessmentResult{}).Select("assessment_id")).
		Order("id").Pluck("id", &ids).Error
	return ids, err
}
