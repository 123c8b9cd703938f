package models

import (
	"context"
	"fmt"
)

// EvidenceOf lists an assessment's files and links in the order they were
// added.
func EvidenceOf(ctx context.Context, db *DB, assessmentID string) ([]Evidence, error) {
	var evidence []Evidence
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("created_at, id").Find(&evidence).Error; err != nil {
		return nil, translate(err)
	}
	return evidence, nil
}

// EvidenceByID loads one file or link, whatever its assessment (the domain
// then checks that the asker may see that assessment), or ErrNotFound.
func EvidenceByID(ctx context.Context, db *DB, id string) (*Evidence, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var e Evidence
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&e).Error; err != nil {
		return nil, translate(err)
	}
	return &e, nil
}

// EvidenceBytes is the total size of an assessment's files, which its
// quota bounds; files the retention job removed no longer count.
func EvidenceBytes(ctx context.Context, db *DB, assessmentID string) (int64, error) {
	var used int64
	err := db.WithContext(ctx).Model(&Evidence{}).Select("COALESCE(SUM(size), 0)").
		Where("assessment_id = ? AND kind = ? AND purged_at IS NULL", assessmentID, EvidenceFile).Scan(&used).Error
	return used, translate(err)
}

// CreateEvidence records a stored file or a link.
func CreateEvidence(ctx context.Context, db *DB, e *Evidence) error {
	return translate(db.WithContext(ctx).Create(e).Error)
}

// DeleteEvidence removes one file or link record; the stored file is the
// caller's to remove, once no record refers to it (StorageKeyUses).
func DeleteEvidence(ctx context.Context, db *DB, id string) error {
	return translate(db.WithContext(ctx).Where("id = ?", id).Delete(&Evidence{}).Error)
}

// StorageKeyUses counts the records that refer to a stored file: a
// renewal's carried-over evidence shares the previous cycle's files.
func StorageKeyUses(ctx context.Context, db *DB, key string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Evidence{}).Where("storage_key = ?", key).Count(&n).Error
	return n, translate(err)
}

// CarryOverEvidence copies a previous cycle's files and links into a new
// assessment, marked carried over; the copies share the stored files.
func CarryOverEvidence(ctx context.Context, db *DB, fromID, toID string) error {
	g := db.WithContext(ctx)
	var files []Evidence
	if err := g.Where("assessment_id = ?", fromID).Find(&files).Error; err != nil {
		return translate(err)
	}
	for _, e := range files {
		e.ID, e.AssessmentID, e.CarriedOver = NewID(), toID, true
		if err := g.Create(&e).Error; err != nil {
			return fmt.Errorf("carry over evidence %s: %w", e.Filename, translate(err))
		}
	}
	return nil
}
