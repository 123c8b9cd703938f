package assessments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hotlineportal/models"
)

// StartAssessment opens a new assessment for a hotline on the current
// framework (its manager only; one open assessment at a time). After a
// decided cycle, every answer and its evidence are carried over, each
// marked until the manager confirms or edits it.
func (s *Service) StartAssessment(ctx context.Context, a Actor, hotlineID string) (*models.Assessment, error) {
	if err := mayStart(a); err != nil {
		return nil, err
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
	codes := make([]string, 0, len(f.Criteria()))
	for _, c := range f.Criteria() {
		codes = append(codes, c.Code)
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		open, err := models.HotlineHasOpenAssessment(ctx, tx, h.ID)
		if err != nil {
			return fmt.Errorf("count open assessments: %w", err)
		}
		if open {
			return Conflict("error.assessment_open")
		}
		prev, err := lastDecided(ctx, tx, h.ID)
		if err != nil {
			return err
		}
		if prev != nil {
			as.PreviousID = &prev.ID
		}
		if err := models.CreateAssessmentWithAnswers(ctx, tx, as, codes); err != nil {
			if errors.Is(err, models.ErrDuplicate) {
				return Conflict("error.assessment_open")
			}
			return fmt.Errorf("create assessment: %w", err)
		}
		if prev != nil {
			if err := carryOver(ctx, tx, prev.ID, as.ID, a.User.ID, now); err != nil {
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

// mayStart: only a manager starts an assessment (of their own hotline,
// which GetHotline checks); the secretariat and reviewers may never (403),
// anyone else is shown nothing (404).
func mayStart(a Actor) error {
	switch {
	case a.Is(models.RoleManager):
		return nil
	case a.Is(models.RoleSecretariat, models.RoleReviewer):
		return ErrForbidden
	}
	return ErrNotFound
}

// lastDecided is the hotline's last decided assessment, or nil for a first
// cycle.
func lastDecided(ctx context.Context, tx *models.DB, hotlineID string) (*models.Assessment, error) {
	prev, err := models.LastDecidedAssessment(ctx, tx, hotlineID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find last decided assessment: %w", err)
	}
	return prev, nil
}

// carryOver copies the previous cycle's answers (for criteria that still
// exist) and evidence into the new assessment, marked as carried over.
func carryOver(ctx context.Context, tx *models.DB, fromID, toID, by string, now time.Time) error {
	if err := models.CarryOverAnswers(ctx, tx, fromID, toID, by, now); err != nil {
		return fmt.Errorf("carry answers over from %s: %w", fromID, err)
	}
	if err := models.CarryOverEvidence(ctx, tx, fromID, toID); err != nil {
		return fmt.Errorf("carry evidence over from %s: %w", fromID, err)
	}
	return nil
}
