package assessments

import (
	"context"
	"errors"
	"fmt"

	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// resultRow is the stored form of a consolidation: the figures the network
// analytics and the benchmark read, fixed at the decision.
func resultRow(as *models.Assessment, outcome string, decided models.Decision, res scoring.Result) *models.AssessmentResult {
	r := &models.AssessmentResult{
		AssessmentID: as.ID, HotlineID: as.HotlineID, FrameworkID: as.FrameworkID,
		Outcome: outcome, DecidedAt: decided.DecidedAt, Overall: res.Overall,
		Sections: models.ScoreMap{}, Criteria: models.ScoreMap{},
	}
	for _, sec := range res.Sections {
		if sec.Consolidated != nil {
			r.Sections[sec.Code] = *sec.Consolidated
		}
	}
	for _, c := range res.Criteria {
		if c.Consolidated != nil {
			r.Criteria[c.Code] = *c.Consolidated
		}
	}
	return r
}

// storeResult keeps the figures of an assessment being decided, in the
// decision's transaction.
func storeResult(ctx context.Context, tx *models.DB, as *models.Assessment, d *models.Decision, res scoring.Result) error {
	if err := models.InsertAssessmentResult(ctx, tx, resultRow(as, d.Outcome, *d, res)); err != nil {
		return fmt.Errorf("store the figures of %s: %w", as.ID, err)
	}
	return nil
}

// CompleteStoredData fills what an older database lacks, once, at start:
// the due dates of assignments made before they existed, and the stored
// figures of assessments decided before they were kept. Safe to run on
// every start and from several instances at once.
func (s *Service) CompleteStoredData(ctx context.Context) error {
	if err := s.completeDueDates(ctx); err != nil {
		return err
	}
	ids, err := models.DecidedWithoutResult(ctx, s.db)
	if err != nil {
		return fmt.Errorf("find decided assessments without figures: %w", err)
	}
	system := Actor{User: &models.User{Role: models.RoleSecretariat}, IP: "start-up"}
	for _, id := range ids {
		con, err := s.LoadConsolidation(ctx, system, id)
		if err != nil {
			return fmt.Errorf("consolidate %s: %w", id, err)
		}
		d, err := models.DecisionOf(ctx, s.db, id)
		if err != nil {
			return fmt.Errorf("load the decision of %s: %w", id, err)
		}
		err = models.InsertAssessmentResult(ctx, s.db, resultRow(con.Q.Assessment, d.Outcome, *d, con.Result))
		if err != nil && !errors.Is(err, models.ErrDuplicate) {
			return fmt.Errorf("store the figures of %s: %w", id, err)
		}
	}
	return nil
}
