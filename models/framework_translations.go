package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// FrameworkTranslation is one text of a framework version (a unit, as
// framework.Units names it) in one language, with its status: "draft"
// until the secretariat has had it checked, then "reviewed".
type FrameworkTranslation struct {
	ID          string `gorm:"primaryKey"`
	FrameworkID string
	Language    string
	Unit        string
	Text        string
	Status      string
	UpdatedBy   string
	UpdatedAt   time.Time
}

// TranslationTexts loads one language's texts of a framework version.
func TranslationTexts(ctx context.Context, db *DB, frameworkID, lang string) ([]FrameworkTranslation, error) {
	var rows []FrameworkTranslation
	err := db.WithContext(ctx).Where("framework_id = ? AND language = ?", frameworkID, lang).Find(&rows).Error
	return rows, err
}

// SaveTranslations adds or replaces texts, one row per framework,
// language and unit.
func SaveTranslations(ctx context.Context, tx *DB, rows []FrameworkTranslation) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "framework_id"}, {Name: "language"}, {Name: "unit"}},
		DoUpdates: clause.AssignmentColumns([]string{"text", "status", "updated_by", "updated_at"}),
	}).CreateInBatches(rows, 200).Error
}

// AllTranslationTexts loads every language's texts of a framework
// version, for its translations' overview.
func AllTranslationTexts(ctx context.Context, db *DB, frameworkID string) ([]FrameworkTranslation, error) {
	var rows []FrameworkTranslation
	err := db.WithContext(ctx).Where("framework_id = ?", frameworkID).Find(&rows).Error
	return rows, err
}
