package assessments

import (
	"context"
	"time"

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
	if missing := q.Missing(); len(missing) > 0 {
		verr := &ValidationError{}
		for _, it := range missing {
			verr.Add(it.Criterion.Code, "error."+it.Missing, map[string]any{"Code": it.Criterion.Code})
		}
		return nil, verr
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if status != models.StatusDraft {
			return Conflict("error.not_submittable")
		}
		if err := snapshotRound(tx, as.ID, as.Round, now); err != nil {
			return err
		}
		res := tx.Model(&models.Assessment{}).Where("id = ? AND status = ?", as.ID, models.StatusDraft).Updates(map[string]any{
			"status": TransSubmit.Target(), "submitted_at": now, "updated_at": now, "version": as.Version + 1,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
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

// snapshotRound keeps every answer as it stands at a submission.
func snapshotRound(tx *models.DB, assessmentID string, round int, now time.Time) error {
	var answers []models.Answer
	if err := tx.Where("assessment_id = ?", assessmentID).Find(&answers).Error; err != nil {
		return err
	}
	rows := make([]models.AnswerRound, 0, len(answers))
	for _, ans := range answers {
		rows = append(rows, models.AnswerRound{
			ID: models.NewID(), AssessmentID: assessmentID, Round: round, Criterion: ans.Criterion,
			Level: ans.Level, Narrative: ans.Narrative, CreatedAt: now,
		})
	}
	return tx.CreateInBatches(rows, 100).Error
}
