package assessments

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// Conditions lists the conditions of an assessment's decision for someone
// who may see the assessment.
func (s *Service) Conditions(ctx context.Context, a Actor, assessmentID string) ([]models.Condition, error) {
	if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
		return nil, err
	}
	var out []models.Condition
	err := s.db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("deadline, id").Find(&out).Error
	return out, err
}

func (s *Service) condition(ctx context.Context, a Actor, id string) (*models.Condition, error) {
	var c models.Condition
	if !models.ValidID(id) {
		return nil, ErrNotFound
	}
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if _, err := s.getAssessment(ctx, s.db, a, c.AssessmentID); err != nil {
		return nil, err
	}
	return &c, nil
}

// SubmitConditionEvidence is the manager saying how a condition is met;
// the secretariat then accepts it.
func (s *Service) SubmitConditionEvidence(ctx context.Context, a Actor, id, note string) (*models.Condition, error) {
	c, err := s.condition(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleManager) {
		return nil, ErrForbidden
	}
	if c.Status == models.ConditionAccepted {
		return nil, Conflict("error.condition_accepted")
	}
	if note = strings.TrimSpace(note); note == "" {
		return nil, Invalid("note", "error.condition_note_required")
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		err := tx.Model(&models.Condition{}).Where("id = ? AND status <> ?", c.ID, models.ConditionAccepted).
			Updates(map[string]any{"status": models.ConditionSubmitted, "evidence_note": note, "submitted_at": s.now()}).Error
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "condition.submit", "assessment", c.AssessmentID, c.Text)
	})
	c.Status, c.EvidenceNote = models.ConditionSubmitted, note
	return c, err
}

// AcceptCondition records that a condition is met (secretariat).
func (s *Service) AcceptCondition(ctx context.Context, a Actor, id string) (*models.Condition, error) {
	c, err := s.condition(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	if c.Status == models.ConditionAccepted {
		return nil, Conflict("error.condition_accepted")
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		err := tx.Model(&models.Condition{}).Where("id = ?", c.ID).
			Updates(map[string]any{"status": models.ConditionAccepted, "accepted_at": s.now(), "accepted_by": a.User.ID}).Error
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "condition.accept", "assessment", c.AssessmentID, c.Text)
	})
	c.Status = models.ConditionAccepted
	return c, err
}

// OverdueConditions lists conditions past their deadline and not yet
// accepted, for the secretariat's dashboard.
func (s *Service) OverdueConditions(ctx context.Context, a Actor) ([]models.Condition, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	var out []models.Condition
	err := s.db.WithContext(ctx).Preload("Hotline").Where("status <> ? AND deadline < ?", models.ConditionAccepted, s.now()).
		Order("deadline").Find(&out).Error
	return out, err
}
