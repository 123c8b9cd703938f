package assessments

import (
	"context"
	"fmt"

	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// Consolidation is the secretariat's view of the reviews: each reviewer's
// score per criterion, consolidated scores, disagreements, and the outcome
// the framework's decision rule proposes with its reasons.
type Consolidation struct {
	Q           *Questionnaire
	Assignments []models.Assignment
	Reviews     []models.Review
	Result      scoring.Result
	// Comments are the reviewers' comments by criterion, in the order of
	// Assignments ("" where none).
	Comments map[string][]string
	Threads  map[string][]models.Message
}

// Disagreements lists the criteria where reviewers differ by the
// framework's gap or more.
func (c *Consolidation) Disagreements() []scoring.CriterionResult {
	var out []scoring.CriterionResult
	for _, r := range c.Result.Criteria {
		if r.Disagreement {
			out = append(out, r)
		}
	}
	return out
}

// maySeeConsolidation: the secretariat always; the hotline's manager sees
// the reviewers' scores and comments only once the decision is made.
func maySeeConsolidation(a Actor, as *models.Assessment) bool {
	if a.Is(models.RoleSecretariat) {
		return true
	}
	return a.User != nil && a.User.ManagesHotline(as.HotlineID) && as.Status == models.StatusDecided
}

// LoadConsolidation consolidates an assessment's scores (secretariat).
func (s *Service) LoadConsolidation(ctx context.Context, a Actor, assessmentID string) (*Consolidation, error) {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if !maySeeConsolidation(a, q.Assessment) {
		return nil, ErrForbidden
	}
	asgs, err := models.ActiveAssignments(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load assignments of %s: %w", assessmentID, err)
	}
	c := &Consolidation{Q: q, Assignments: asgs}
	if c.Reviews, err = models.SubmittedReviews(ctx, s.db, assessmentID); err != nil {
		return nil, fmt.Errorf("load reviews of %s: %w", assessmentID, err)
	}
	scores, err := models.AssessmentScores(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load scores of %s: %w", assessmentID, err)
	}
	if c.Threads, err = s.threads(ctx, assessmentID); err != nil {
		return nil, err
	}
	input, comments := consolidationInput(q.Items(), asgs, scores)
	c.Comments = comments
	c.Result = scoring.Consolidate(q.Framework, input)
	return c, nil
}

// consolidationInput lines up the scores for the decision rule: per
// criterion each active reviewer's score, in assignment order (unscored
// where missing), and their comments in the same order ("" where none).
func consolidationInput(items []*Item, asgs []models.Assignment, scores []models.Score) ([]scoring.CriterionScores, map[string][]string) {
	byKey := map[string]models.Score{}
	for _, sc := range scores {
		byKey[sc.Criterion+"/"+sc.ReviewerID] = sc
	}
	input := make([]scoring.CriterionScores, 0, len(items))
	comments := map[string][]string{}
	for _, it := range items {
		cs := scoring.CriterionScores{Code: it.Criterion.Code, Applicable: it.Applicable}
		texts := make([]string, len(asgs))
		for i, asg := range asgs {
			sc, ok := byKey[it.Criterion.Code+"/"+asg.ReviewerID]
			cs.Scores = append(cs.Scores, scoring.Score{ReviewerID: asg.ReviewerID, Value: sc.Score, Scored: ok})
			texts[i] = sc.Comment
		}
		comments[it.Criterion.Code] = texts
		input = append(input, cs)
	}
	return input, comments
}
