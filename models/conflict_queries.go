package models

import "context"

// The queries on reviewers' declared conflicts of interest. Who may
// declare, see or withdraw one is the domain's rule.

// CreateConflict stores a declared conflict; the same reviewer and
// hotline declared twice is ErrDuplicate.
func CreateConflict(ctx context.Context, tx *DB, c *Conflict) error {
	return translate(tx.WithContext(ctx).Create(c).Error)
}

// ConflictByID loads one declared conflict, or ErrNotFound (a malformed ID
// too).
func ConflictByID(ctx context.Context, db *DB, id string) (*Conflict, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var c Conflict
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// DeleteConflict withdraws a declared conflict.
func DeleteConflict(ctx context.Context, tx *DB, id string) error {
	return tx.WithContext(ctx).Where("id = ?", id).Delete(&Conflict{}).Error
}

// ReviewerConflicts lists a reviewer's declared conflicts with their
// hotlines, oldest first.
func ReviewerConflicts(ctx context.Context, db *DB, reviewerID string) ([]Conflict, error) {
	var out []Conflict
	err := db.WithContext(ctx).Preload("Hotline").Where("reviewer_id = ?", reviewerID).Order("created_at").Find(&out).Error
	return out, err
}
