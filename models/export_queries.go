package models

import (
	"context"
	"database/sql"
)

// ExportFilter narrows the scores export; empty fields do not filter.
type ExportFilter struct {
	AssessmentID     string
	Country          string
	FrameworkVersion string
}

// ExportAssessment is one assessment of the scores export, with what each
// of its rows repeats.
type ExportAssessment struct {
	ID               string
	Hotline          string
	Country          string
	Channels         StringList
	FrameworkID      string
	FrameworkVersion string
	Status           string
}

// ExportScore is one reviewer's score of a submitted review, beside the
// manager's self-assessed level of that criterion (nil when unanswered).
type ExportScore struct {
	AssessmentID string
	Criterion    string
	ReviewerID   string
	Score        *int
	Comment      string
	Level        *string
}

// ExportAssessments lists, in creation order after the ID after (keyset
// paging: no offset to rescan), at most limit assessments that have at
// least one submitted review, so the export reads the network in bounded
// batches and releases its connection between them.
func ExportAssessments(ctx context.Context, db *DB, f ExportFilter, after string, limit int) ([]ExportAssessment, error) {
	q := db.WithContext(ctx).Table("assessments a").
		Select("a.id, h.name AS hotline, h.country, h.channels, f.id AS framework_id, f.version AS framework_version, a.status").
		Joins("JOIN hotlines h ON h.id = a.hotline_id").
		Joins("JOIN frameworks f ON f.id = a.framework_id").
		Where("EXISTS (SELECT 1 FROM reviews r WHERE r.assessment_id = a.id)").
		Where("a.id > ?", after)
	if f.AssessmentID != "" {
		q = q.Where("a.id = ?", f.AssessmentID)
	}
	if f.Country != "" {
		q = q.Where("h.country = ?", f.Country)
	}
	if f.FrameworkVersion != "" {
		q = q.Where("f.version = ?", f.FrameworkVersion)
	}
	var out []ExportAssessment
	err := q.Order("a.id").Limit(limit).Scan(&out).Error
	return out, err
}

// EachExportScore reads the scores of submitted reviews of the given
// assessments with a cursor, ordered by assessment, criterion and
// reviewer, and hands each row to fn as it comes (the row is reused: fn
// copies what it keeps). A reviewer's draft scores are never read.
func EachExportScore(ctx context.Context, db *DB, assessmentIDs []string, fn func(*ExportScore) error) error {
	if len(assessmentIDs) == 0 {
		return nil
	}
	rows, err := db.WithContext(ctx).Table("scores s").
		Select("s.assessment_id, s.criterion, s.reviewer_id, s.score, s.comment, an.level").
		Joins("JOIN reviews r ON r.assessment_id = s.assessment_id AND r.reviewer_id = s.reviewer_id").
		Joins("LEFT JOIN answers an ON an.assessment_id = s.assessment_id AND an.criterion = s.criterion").
		Where("s.assessment_id IN ?", assessmentIDs).
		Order("s.assessment_id, s.criterion, s.reviewer_id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		row   ExportScore
		score sql.NullInt64
		level sql.NullString
	)
	for rows.Next() {
		if err := rows.Scan(&row.AssessmentID, &row.Criterion, &row.ReviewerID, &score, &row.Comment, &level); err != nil {
			return err
		}
		row.Score, row.Level = nil, nil
		if score.Valid {
			v := int(score.Int64)
			row.Score = &v
		}
		if level.Valid {
			v := level.String
			row.Level = &v
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FrameworkVersionKnown tells whether any stored framework has this
// version, so a filter on an unknown version is refused rather than
// answered with an empty export.
func FrameworkVersionKnown(ctx context.Context, db *DB, version string) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Framework{}).Where("version = ?", version).Limit(1).Count(&n).Error
	return n > 0, err
}
