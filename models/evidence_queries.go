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

// StoredFile is a file the database names in the file store: an evidence
// or appeal file not purged, or a certificate PDF.
type StoredFile struct {
	Key      string `gorm:"column:storage_key"`
	Size     int64
	SHA256   string
	Filename string
}

// EachStoredFile calls fn for every file the database names in the file
// store, once per key, a page at a time in key order (for
// `portal storage migrate`).
func EachStoredFile(ctx context.Context, db *DB, fn func(StoredFile) error) error {
	const page = 500
	after := ""
	for {
		var files []StoredFile
		err := db.WithContext(ctx).Raw(`SELECT storage_key, MAX(size) AS size, MAX(sha256) AS sha256, MAX(filename) AS filename FROM (
  SELECT storage_key, size, sha256, filename FROM evidence WHERE storage_key <> '' AND purged_at IS NULL
  UNION ALL SELECT storage_key, size, sha256, filename FROM appeal_files WHERE purged_at IS NULL
  UNION ALL SELECT storage_key, size, sha256, 'certificate.pdf' FROM certificate_documents WHERE storage_key <> ''
) f WHERE storage_key > ? GROUP BY storage_key ORDER BY storage_key LIMIT ?`, after, page).Scan(&files).Error
		if err != nil {
			return translate(err)
		}
		for _, f := range files {
			if err := fn(f); err != nil {
				return err
			}
		}
		if len(files) < page {
			return nil
		}
		after = files[len(files)-1].Key
	}
}
