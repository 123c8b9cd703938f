package models

import (
	"context"
	"time"
)

// InsertCondition records one condition of a decision.
func InsertCondition(ctx context.Context, db *DB, c *Condition) error {
	return db.WithContext(ctx).Create(c).Error
}

// AssessmentConditions lists the conditions of an assessment's decision,
// soonest deadline first.
func AssessmentConditions(ctx context.Context, db *DB, assessmentID string) ([]Condition, error) {
	var out []Condition
	err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("deadline, id").Find(&out).Error
	return out, err
}

// ConditionByID is one condition, or ErrNotFound (also for a malformed
// ID). Who may see it is the domain's question, through its assessment.
func ConditionByID(ctx context.Context, db *DB, id string) (*Condition, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var c Condition
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// SubmitConditionEvidence records the hotline's note on how a condition is
// met, unless the condition was accepted meanwhile: it reports false when
// nothing changed.
func SubmitConditionEvidence(ctx context.Context, db *DB, id, note string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&Condition{}).Where("id = ? AND status <> ?", id, ConditionAccepted).
		Updates(map[string]any{"status": ConditionSubmitted, "evidence_note": note, "submitted_at": now})
	return res.RowsAffected == 1, res.Error
}

// AcceptCondition records that a condition is met, and by whom.
func AcceptCondition(ctx context.Context, db *DB, id, acceptedBy string, now time.Time) error {
	return db.WithContext(ctx).Model(&Condition{}).Where("id = ?", id).
		Updates(map[string]any{"status": ConditionAccepted, "accepted_at": now, "accepted_by": acceptedBy}).Error
}

// OverdueConditions lists, with their hotlines, the conditions past their
// deadline at now and not yet accepted, the most overdue first.
func OverdueConditions(ctx context.Context, db *DB, now time.Time) ([]Condition, error) {
	var out []Condition
	err := db.WithContext(ctx).Preload("Hotline").Where("status <> ? AND deadline < ?", ConditionAccepted, now).
		Order("deadline").Find(&out).Error
	return out, err
}
