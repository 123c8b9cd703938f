package models

import (
	"context"
	"time"
)

// FrameworkCount counts the stored framework versions, none on a first
// start.
func FrameworkCount(ctx context.Context, db *DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Framework{}).Count(&n).Error
	return n, translate(err)
}

// CreateFramework stores a framework version.
func CreateFramework(ctx context.Context, db *DB, row *Framework) error {
	return translate(db.WithContext(ctx).Create(row).Error)
}

// CurrentFramework is the most recently published version, which new
// assessments start on, or ErrNotFound.
func CurrentFramework(ctx context.Context, db *DB) (*Framework, error) {
	var row Framework
	if err := db.WithContext(ctx).Where("status = ?", FrameworkPublished).Order("published_at DESC").Take(&row).Error; err != nil {
		return nil, translate(err)
	}
	return &row, nil
}

// FrameworkByID loads one stored version with its source, or ErrNotFound.
func FrameworkByID(ctx context.Context, db *DB, id string) (*Framework, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var row Framework
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, translate(err)
	}
	return &row, nil
}

// ListFrameworks lists every stored version, newest first, without their
// sources, which only a parse needs.
func ListFrameworks(ctx context.Context, db *DB) ([]Framework, error) {
	var rows []Framework
	if err := db.WithContext(ctx).Omit("source").Order("created_at DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// FrameworkVersionExists tells whether a version of a framework code is
// stored already: a version is imported once.
func FrameworkVersionExists(ctx context.Context, db *DB, code, version string) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Framework{}).Where("code = ? AND version = ?", code, version).Count(&n).Error
	return n > 0, translate(err)
}

// PublishFramework makes a draft version published at now and reports
// whether it did: false when it was not a draft (any more).
func PublishFramework(ctx context.Context, db *DB, id string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Framework{}).Where("id = ? AND status = ?", id, FrameworkDraft).
		Updates(map[string]any{"status": FrameworkPublished, "published_at": now})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}
