package assessments

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// DeclareConflict records a reviewer's conflict of interest with a hotline:
// reviewers declare their own, the secretariat anyone's. Assignment then
// refuses the pair unless overridden.
func (s *Service) DeclareConflict(ctx context.Context, a Actor, reviewerID, hotlineID, reason string) error {
	if !(a.Is(models.RoleSecretariat) || (a.Is(models.RoleReviewer) && a.User.ID == reviewerID)) {
		return ErrForbidden
	}
	verr := &ValidationError{}
	var h models.Hotline
	if !models.ValidID(hotlineID) || s.db.WithContext(ctx).Where("id = ?", hotlineID).Take(&h).Error != nil {
		verr.Add("hotline_id", "error.hotline_unknown", nil)
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		verr.Add("reason", "error.conflict_reason_required", nil)
	}
	if err := verr.Err(); err != nil {
		return err
	}
	c := &models.Conflict{ID: models.NewID(), ReviewerID: reviewerID, HotlineID: hotlineID, Reason: reason, CreatedAt: s.now()}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Create(c).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Invalid("hotline_id", "error.conflict_exists")
			}
			return err
		}
		return s.audit(ctx, tx, a, "conflict.declare", "user", reviewerID, h.Name+": "+reason)
	})
}

// RemoveConflict withdraws a declared conflict (its reviewer or the
// secretariat).
func (s *Service) RemoveConflict(ctx context.Context, a Actor, id string) error {
	var c models.Conflict
	if !models.ValidID(id) || s.db.WithContext(ctx).Where("id = ?", id).Take(&c).Error != nil {
		return ErrNotFound
	}
	if !(a.Is(models.RoleSecretariat) || (a.Is(models.RoleReviewer) && a.User.ID == c.ReviewerID)) {
		return ErrNotFound
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Where("id = ?", id).Delete(&models.Conflict{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "conflict.remove", "user", c.ReviewerID, c.HotlineID)
	})
}

// Conflicts lists a reviewer's declared conflicts with their hotlines.
func (s *Service) Conflicts(ctx context.Context, a Actor, reviewerID string) ([]models.Conflict, error) {
	if !(a.Is(models.RoleSecretariat) || (a.User != nil && a.User.ID == reviewerID)) {
		return nil, ErrForbidden
	}
	var out []models.Conflict
	err := s.db.WithContext(ctx).Preload("Hotline").Where("reviewer_id = ?", reviewerID).Order("created_at").Find(&out).Error
	return out, err
}

// HotlineChoices lists every active hotline by name, for choosing one in
// a conflict declaration (any signed-in reviewer or the secretariat).
func (s *Service) HotlineChoices(ctx context.Context, a Actor) ([]models.Hotline, error) {
	if !a.Is(models.RoleSecretariat, models.RoleReviewer) {
		return nil, ErrForbidden
	}
	var hs []models.Hotline
	err := s.db.WithContext(ctx).Select("id", "name", "country").Where("disabled = ?", false).Order("search_key").Find(&hs).Error
	return hs, err
}
