package assessments

import (
	"context"
	"fmt"

	"hotlineportal/models"
)

// Submit sends a complete draft for review (the hotline's manager only),
// or, after a clarification request, resubmits the reopened answers.
// The server checks completeness itself: every applicable criterion needs a
// level, a justification for "not applicable", and carried-over answers
// must be confirmed; each missing item is a field error named by its
// criterion code. Submission locks the answers and keeps a snapshot of
// them as a round.
func (s *Service) Submit(ctx context.Context, a Actor, id string) (*models.Assessment, error) {
	q, err := s.LoadQuestionnaire(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleManager) {
		return nil, ErrForbidden
	}
	as := q.Assessment
	if as.Status == models.StatusChangesRequested {
		return s.resubmit(ctx, a, q)
	}
	if err := CheckTransition(TransSubmit, a.User.Role, as.Status); err != nil {
		return nil, Conflict("error.not_submittable")
	}
	if err := incomplete(q.Missing()); err != nil {
		return nil, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		status, err := models.LockedAssessmentStatus(ctx, tx, as.ID, models.ForUpdate)
		if err != nil {
			return fmt.Errorf("lock assessment %s: %w", as.ID, err)
		}
		if status != models.StatusDraft {
			return Conflict("error.not_submittable")
		}
		if err := models.SnapshotAnswers(ctx, tx, as.ID, as.Round, now); err != nil {
			return fmt.Errorf("keep round %d: %w", as.Round, err)
		}
		moved, err := models.ChangeAssessmentStatus(ctx, tx, as.ID, models.StatusChange{
			From: models.StatusDraft, To: TransSubmit.Target(), At: now, SubmittedAt: &now, Version: as.Version + 1,
		})
		if err != nil {
			return fmt.Errorf("submit assessment %s: %w", as.ID, err)
		}
		if !moved {
			return Conflict("error.not_submittable")
		}
		return s.audit(ctx, tx, a, "assessment.submit", "assessment", as.ID, q.Hotline.Name)
	})
	if err != nil {
		return nil, err
	}
	as.Status, as.SubmittedAt = models.StatusSubmitted, &now
	return as, nil
}

// incomplete is the refusal of a submission with items still missing: a
// field error per criterion code, saying what each needs; nil when none.
func incomplete(missing []*Item) error {
	verr := &ValidationError{}
	for _, it := range missing {
		verr.Add(it.Criterion.Code, "error."+it.Missing, map[string]any{"Code": it.Criterion.Code})
	}
	return verr.Err()
}
