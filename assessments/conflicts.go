package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// mayManageConflicts tells whether a may declare, list or withdraw the
// conflicts of reviewer reviewerID: the reviewer themselves, or the
// secretariat.
func mayManageConflicts(a Actor, reviewerID string) bool {
	return a.Is(models.RoleSecretariat) || (a.Is(models.RoleReviewer) && a.User.ID == reviewerID)
}

// DeclareConflict records a reviewer's conflict of interest with a hotline
// and returns it, with its hotline: reviewers declare their own, the
// secretariat anyone's. Assignment then refuses the pair unless
// overridden.
func (s *Service) DeclareConflict(ctx context.Context, a Actor, reviewerID, hotlineID, reason string) (*models.Conflict, error) {
	if !mayManageConflicts(a, reviewerID) {
		return nil, ErrForbidden
	}
	verr := &ValidationError{}
	h, err := models.HotlineByID(ctx, s.db, hotlineID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		verr.Add("hotline_id", "error.hotline_unknown", nil)
	case err != nil:
		return nil, fmt.Errorf("load hotline %s: %w", hotlineID, err)
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		verr.Add("reason", "error.conflict_reason_required", nil)
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	c := &models.Conflict{ID: models.NewID(), ReviewerID: reviewerID, HotlineID: hotlineID, Reason: reason, CreatedAt: s.now()}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateConflict(ctx, tx, c); err != nil {
			if errors.Is(err, models.ErrDuplicate) {
				return Invalid("hotline_id", "error.conflict_exists")
			}
			return fmt.Errorf("store conflict: %w", err)
		}
		return s.audit(ctx, tx, a, "conflict.declare", "user", reviewerID, h.Name+": "+reason)
	})
	if err != nil {
		return nil, err
	}
	c.Hotline = h
	return c, nil
}

// RemoveConflict withdraws a declared conflict (its reviewer or the
// secretariat); anyone else's is ErrNotFound.
func (s *Service) RemoveConflict(ctx context.Context, a Actor, id string) error {
	c, err := models.ConflictByID(ctx, s.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("load conflict %s: %w", id, err)
	}
	if !mayManageConflicts(a, c.ReviewerID) {
		return ErrNotFound
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := models.DeleteConflict(ctx, tx, id); err != nil {
			return fmt.Errorf("delete conflict %s: %w", id, err)
		}
		return s.audit(ctx, tx, a, "conflict.remove", "user", c.ReviewerID, c.HotlineID)
	})
}

// Conflicts lists a reviewer's declared conflicts with their hotlines.
func (s *Service) Conflicts(ctx context.Context, a Actor, reviewerID string) ([]models.Conflict, error) {
	if !(a.Is(models.RoleSecretariat) || (a.User != nil && a.User.ID == reviewerID)) {
		return nil, ErrForbidden
	}
	out, err := models.ReviewerConflicts(ctx, s.db, reviewerID)
	if err != nil {
		return nil, fmt.Errorf("list conflicts of %s: %w", reviewerID, err)
	}
	return out, nil
}

// HotlineChoices lists every active hotline by name, for choosing one in
// a conflict declaration (any signed-in reviewer or the secretariat).
func (s *Service) HotlineChoices(ctx context.Context, a Actor) ([]models.Hotline, error) {
	if !a.Is(models.RoleSecretariat, models.RoleReviewer) {
		return nil, ErrForbidden
	}
	hs, err := models.ActiveHotlineChoices(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list hotlines: %w", err)
	}
	return hs, nil
}
