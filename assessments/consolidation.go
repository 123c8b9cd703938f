package assessments

import (
	"context"

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

// LoadConsolidation consolidates an assessment's scores (secretariat).
func (s *Service) LoadConsolidation(ctx context.Context, a Actor, assessmentID string) (*Consolidation, error) {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	// The hotline's manager sees the reviewers' scores and comments only
	// once the decision is made.
	decidedForManager := a.User != nil && a.User.ManagesHotline(q.Assessment.HotlineID) && q.Assessment.Status == models.StatusDecided
	if !a.Is(models.RoleSecretariat) && !decidedForManager {
		return nil, ErrForbidden
	}
	db := s.db.WithContext(ctx)
	asgs, err := activeAssignments(db, assessmentID)
	if err != nil {
		return nil, err
	}
	c := &Consolidation{Q: q, Assignments: asgs, Comments: map[string][]string{}}
	if err := db.Preload("Reviewer").Where("assessment_id = ?", assessmentID).Order("submitted_at").Find(&c.Reviews).Error; err != nil {
		return nil, err
	}
	var scores []models.Score
	if err := db.Where("assessment_id = ?", assessmentID).Find(&scores).Error; err != nil {
		return nil, err
	}
	if c.Threads, err = s.threads(ctx, assessmentID); err != nil {
		return nil, err
	}
	byKey := map[string]models.Score{}
	for _, sc := range scores {
		byKey[sc.Criterion+"/"+sc.ReviewerID] = sc
	}
	input := make([]scoring.CriterionScores, 0, len(q.Items()))
	for _, it := range q.Items() {
		cs := scoring.CriterionScores{Code: it.Criterion.Code, Applicable: it.Applicable}
		comments := make([]string, len(asgs))
		for i, asg := range asgs {
			sc, ok := byKey[it.Criterion.Code+"/"+asg.ReviewerID]
			cs.Scores = append(cs.Scores, scoring.Score{ReviewerID: asg.ReviewerID, Value: sc.Score, Scored: ok})
			comments[i] = sc.Comment
		}
		c.Comments[it.Criterion.Code] = comments
		input = append(input, cs)
	}
	c.Result = scoring.Consolidate(q.Framework, input)
	return c, nil
}
