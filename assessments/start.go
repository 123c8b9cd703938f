package assessments

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// StartAssessment opens a new assessment for a hotline on the current
// framework (its manager only; one open assessment at a time). After a
// decided cycle, every answer and its evidence are carried over, each
// marked until the manager confirms or edits it.
func (s *Service) StartAssessment(ctx context.Context, a Actor, hotlineID string) (*models.Assessment, error) {
	if !a.Is(models.RoleManager) {
		if a.Is(models.RoleSecretariat, models.RoleReviewer) {
			return nil, ErrForbidden
		}
		return nil, ErrNotFound
	}
	h, err := s.GetHotline(ctx, a, hotlineID)
	if err != nil {
		return nil, err
	}
	if h.Disabled {
		return nil, Conflict("error.hotline_disabled")
	}
	fwRow, f, err := s.CurrentFramework(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	as := &models.Assessment{
		ID: models.NewID(), HotlineID: h.ID, FrameworkID: fwRow.ID, Status: models.StatusDraft, Round: 1,
		Version: 1, CreatedBy: a.User.ID, CreatedAt: now, UpdatedAt: now,
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		var open int64
		if err := tx.Model(&models.Assessment{}).Where("hotline_id = ? AND status <> ?", h.ID, models.StatusDecided).Count(&open).Error; err != nil {
			return err
		}
		if open > 0 {
			return Conflict("error.assessment_open")
		}
		prev, err := lastDecided(tx, h.ID)
		if err != nil {
			return err
		}
		if prev != nil {
			as.PreviousID = &prev.ID
		}
		if err := tx.Create(as).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Conflict("error.assessment_open")
			}
			return err
		}
		answers := make([]models.Answer, 0, len(f.Criteria()))
		for _, c := range f.Criteria() {
			answers = append(answers, models.Answer{ID: models.NewID(), AssessmentID: as.ID, Criterion: c.Code})
		}
		if err := tx.CreateInBatches(answers, 100).Error; err != nil {
			return err
		}
		if prev != nil {
			if err := carryOver(tx, prev.ID, as.ID, a.User.ID, now); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "assessment.start", "assessment", as.ID, h.Name)
	})
	if err != nil {
		return nil, err
	}
	as.Hotline, as.Framework = h, fwRow
	return as, nil
}

func lastDecided(tx *models.DB, hotlineID string) (*models.Assessment, error) {
	var prev models.Assessment
	err := tx.Where("hotline_id = ? AND status = ?", hotlineID, models.StatusDecided).Order("created_at DESC").Take(&prev).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &prev, err
}

// carryOver copies the previous cycle's answers (for criteria that still
// exist) and evidence into the new assessment, marked as carried over.
func carryOver(tx *models.DB, fromID, toID, by string, now time.Time) error {
	var old []models.Answer
	if err := tx.Where("assessment_id = ? AND level IS NOT NULL", fromID).Find(&old).Error; err != nil {
		return err
	}
	for _, ans := range old {
		err := tx.Model(&models.Answer{}).Where("assessment_id = ? AND criterion = ?", toID, ans.Criterion).Updates(map[string]any{
			"level": ans.Level, "narrative": ans.Narrative, "carried_over": true, "version": 1, "updated_by": by, "updated_at": now,
		}).Error
		if err != nil {
			return err
		}
	}
	var files []models.Evidence
	if err := tx.Where("assessment_id = ?", fromID).Find(&files).Error; err != nil {
		return err
	}
	for _, e := range files {
		e.ID, e.AssessmentID, e.CarriedOver = models.NewID(), toID, true
		if err := tx.Create(&e).Error; err != nil {
			return err
		}
	}
	return nil
}
