package assessments

import (
	"context"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// DecidedResults is what the results page and the API's list of
// conditions both show, under the same rules: the consolidation of a
// decided assessment (ErrNotFound before the decision; the hotline's
// manager sees it only once decided) and its conditions.
func (s *Service) DecidedResults(ctx context.Context, a Actor, assessmentID string) (*Consolidation, []models.Condition, error) {
	con, err := s.LoadConsolidation(ctx, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	if con.Q.Assessment.Status != models.StatusDecided {
		return nil, nil, ErrNotFound
	}
	conds, err := s.Conditions(ctx, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	return con, conds, nil
}

// Conditions lists the conditions of an assessment's decision for someone
// who may see the assessment.
func (s *Service) Conditions(ctx context.Context, a Actor, assessmentID string) ([]models.Condition, error) {
	if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
		return nil, err
	}
	out, err := models.AssessmentConditions(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load conditions of %s: %w", assessmentID, err)
	}
	return out, nil
}

// condition loads a condition whose assessment the actor may see.
func (s *Service) condition(ctx context.Context, a Actor, id string) (*models.Condition, error) {
	c, err := models.ConditionByID(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.getAssessment(ctx, s.db, a, c.AssessmentID); err != nil {
		return nil, err
	}
	return c, nil
}

// checkConditionEvidence applies the rules of a manager's note on a
// condition: only for one not yet accepted, and not empty.
func checkConditionEvidence(c *models.Condition, note string) error {
	if c.Status == models.ConditionAccepted {
		return Conflict("error.condition_accepted")
	}
	if note == "" {
		return Invalid("note", "error.condition_note_required")
	}
	return nil
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
	note = strings.TrimSpace(note)
	if err := checkConditionEvidence(c, note); err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		changed, err := models.SubmitConditionEvidence(ctx, tx, c.ID, note, s.now())
		if err != nil {
			return err
		}
		if !changed {
			// Accepted since it was read: the same answer as above.
			return Conflict("error.condition_accepted")
		}
		return s.audit(ctx, tx, a, "condition.submit", "assessment", c.AssessmentID, c.Text)
	})
	if err != nil {
		return nil, fmt.Errorf("submit evidence of condition %s: %w", c.ID, err)
	}
	c.Status, c.EvidenceNote = models.ConditionSubmitted, note
	return c, nil
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
		if err := models.AcceptCondition(ctx, tx, c.ID, a.User.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "condition.accept", "assessment", c.AssessmentID, c.Text)
	})
	if err != nil {
		return nil, fmt.Errorf("accept condition %s: %w", c.ID, err)
	}
	c.Status = models.ConditionAccepted
	return c, nil
}

// OverdueConditions lists conditions past their deadline and not yet
// accepted, for the secretariat's dashboard.
func (s *Service) OverdueConditions(ctx context.Context, a Actor) ([]models.Condition, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	out, err := models.OverdueConditions(ctx, s.db, s.now())
	if err != nil {
		return nil, fmt.Errorf("load overdue conditions: %w", err)
	}
	return out, nil
}
