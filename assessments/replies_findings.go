package assessments

import (
	"context"
	"errors"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// Findings is what the hotline is shown of its reviews before the
// decision: per criterion the consolidated score and each reviewer's
// score and comment, the reviewers anonymised as letters ("A", "B", in
// the order they were assigned), never named; and the reply window.
type Findings struct {
	Assessment *models.Assessment
	Hotline    *models.Hotline
	// Reviewers are the letters, in assignment order.
	Reviewers []string
	Overall   *float64
	Sections  []scoring.SectionResult
	Criteria  []CriterionFinding
	// Summaries are the reviewers' overall summaries, by letter.
	Summaries []ReviewerFinding
	Window    *ReplyWindow
}

// CriterionFinding is the consolidated finding on one criterion.
type CriterionFinding struct {
	Code         string
	Section      string
	Title        framework.Text
	Applicable   bool
	Mandatory    bool
	Critical     bool
	Consolidated *float64
	Reviewers    []ReviewerFinding
}

// ReviewerFinding is one anonymised reviewer's score (nil: not
// applicable), its label on the framework's scale, and comment.
type ReviewerFinding struct {
	Reviewer string
	Score    *int
	Level    framework.Text
	Comment  string
}

// Findings shows an assessment's findings to the secretariat, and to the
// hotline's manager once they were shared (before that, or for another
// hotline: ErrNotFound). Reviewers never see them (ErrForbidden). The
// figures are the consolidation's own.
func (s *Service) Findings(ctx context.Context, a Actor, assessmentID string) (*Findings, error) {
	w, err := s.ReplyWindowOf(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if !w.Shared() && !a.Is(models.RoleSecretariat) {
		return nil, ErrNotFound
	}
	// The manager may see the consolidation's figures once shared; it is
	// read as the secretariat reads it, then stripped of who reviewed.
	reader := a
	if !a.Is(models.RoleSecretariat) {
		reader = Actor{User: &models.User{Role: models.RoleSecretariat}, IP: a.IP, RequestID: a.RequestID}
	}
	con, err := s.LoadConsolidation(ctx, reader, assessmentID)
	if errors.Is(err, ErrForbidden) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return anonymisedFindings(con, w), nil
}

// anonymisedFindings turns a consolidation into findings: the reviewers'
// ids and names replaced by their letters.
func anonymisedFindings(con *Consolidation, w *ReplyWindow) *Findings {
	q := con.Q
	f := &Findings{Assessment: q.Assessment, Hotline: q.Hotline, Overall: con.Result.Overall, Sections: con.Result.Sections, Window: w}
	letters := map[string]string{}
	for i, asg := range con.Assignments {
		letters[asg.ReviewerID] = ReviewerLetter(i)
		f.Reviewers = append(f.Reviewers, ReviewerLetter(i))
	}
	for _, r := range con.Reviews {
		if l, ok := letters[r.ReviewerID]; ok && r.Summary != "" {
			f.Summaries = append(f.Summaries, ReviewerFinding{Reviewer: l, Comment: r.Summary})
		}
	}
	for _, cr := range con.Result.Criteria {
		cf := CriterionFinding{Code: cr.Code, Applicable: cr.Applicable, Mandatory: cr.Mandatory, Critical: cr.Critical, Consolidated: cr.Consolidated}
		if it, ok := q.Item(cr.Code); ok {
			cf.Section, cf.Title = it.Section, it.Criterion.Title
		}
		comments := con.Comments[cr.Code]
		for i, score := range cr.Scores {
			rf := ReviewerFinding{Reviewer: ReviewerLetter(i), Score: score}
			if i < len(comments) {
				rf.Comment = comments[i]
			}
			if l, ok := q.Framework.Level(findingsScoreValue(score)); ok && score != nil {
				rf.Level = l.Label
			}
			cf.Reviewers = append(cf.Reviewers, rf)
		}
		f.Criteria = append(f.Criteria, cf)
	}
	return f
}

// findingsScoreValue is a score's value, -1 for none.
func findingsScoreValue(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}
