package assessments

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// ClarificationInput names the criteria to reopen and what to ask.
type ClarificationInput struct {
	Criteria []string `json:"criteria" form:"criteria"`
	Message  string   `json:"message" form:"message"`
}

// RequestClarification sends chosen criteria back to the manager (an
// assigned reviewer or the secretariat): the assessment goes to
// changes_requested and only those answers reopen.
func (s *Service) RequestClarification(ctx context.Context, a Actor, assessmentID string, in ClarificationInput) error {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return err
	}
	as := q.Assessment
	if err := CheckTransition(TransClarify, a.User.Role, as.Status); err != nil {
		return err
	}
	var asg *models.Assignment
	if a.Is(models.RoleReviewer) {
		if _, asg, err = s.reviewerContext(ctx, a, as.ID, TransClarify); err != nil {
			return err
		}
	}
	verr := &ValidationError{}
	codes := normaliseCodes(in.Criteria)
	if len(codes) == 0 {
		verr.Add("criteria", "error.criteria_required", nil)
	}
	for _, c := range codes {
		if it, ok := q.Item(c); !ok || !it.Applicable {
			verr.Add("criteria", "error.criterion_unknown", nil)
		}
	}
	in.Message = strings.TrimSpace(in.Message)
	if in.Message == "" {
		verr.Add("message", "error.message_required", nil)
	}
	if err := verr.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if asg != nil {
			if err := acceptIfPending(tx, asg, s); err != nil {
				return err
			}
		}
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransClarify, a.User.Role, status); err != nil {
			return err
		}
		if err := tx.Model(&models.Answer{}).Where("assessment_id = ? AND criterion IN ?", as.ID, codes).Update("reopened", true).Error; err != nil {
			return err
		}
		for _, c := range codes {
			m := &models.Message{ID: models.NewID(), AssessmentID: as.ID, Criterion: c, Round: as.Round, Kind: models.MessageClarification,
				AuthorID: a.User.ID, Body: in.Message, CreatedAt: s.now()}
			if err := tx.Create(m).Error; err != nil {
				return err
			}
		}
		if err := s.setStatus(tx, as.ID, TransClarify.Target()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "review.clarification", "assessment", as.ID, strings.Join(codes, ",")); err != nil {
			return err
		}
		return s.notifyManagers(ctx, tx, "clarification", as)
	})
}

func normaliseCodes(codes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// resubmit sends answered clarifications back to the reviewers: a new
// round is kept and the reopened answers lock again.
func (s *Service) resubmit(ctx context.Context, a Actor, q *Questionnaire) (*models.Assessment, error) {
	as := q.Assessment
	verr := &ValidationError{}
	for _, it := range q.Items() {
		if it.Answer.Reopened && it.Applicable && !it.Complete() {
			verr.Add(it.Criterion.Code, "error."+it.Missing, map[string]any{"Code": it.Criterion.Code})
		}
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	round := as.Round + 1
	err := s.tx(ctx, func(tx *models.DB) error {
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransResubmit, a.User.Role, status); err != nil {
			return err
		}
		if err := snapshotRound(tx, as.ID, round, s.now()); err != nil {
			return err
		}
		if err := tx.Model(&models.Answer{}).Where("assessment_id = ? AND reopened = ?", as.ID, true).Update("reopened", false).Error; err != nil {
			return err
		}
		err = tx.Model(&models.Assessment{}).Where("id = ?", as.ID).Updates(map[string]any{
			"status": TransResubmit.Target(), "round": round, "updated_at": s.now(), "version": gorm.Expr("version + 1"),
		}).Error
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "assessment.resubmit", "assessment", as.ID, q.Hotline.Name); err != nil {
			return err
		}
		return s.notifyReviewers(ctx, tx, "resubmitted", as)
	})
	if err != nil {
		return nil, err
	}
	as.Status, as.Round = models.StatusInReview, round
	return as, nil
}
