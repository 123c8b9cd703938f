package assessments

import (
	"context"
	"fmt"
	"strings"

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
	codes, message, err := checkClarification(q, in)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if asg != nil && asg.Status == models.AssignmentPending {
			if _, err := models.AcceptAssignmentIfPending(ctx, tx, asg.ID, s.now()); err != nil {
				return fmt.Errorf("accept assignment %s: %w", asg.ID, err)
			}
		}
		status, err := models.LockedAssessmentStatus(ctx, tx, as.ID, models.ForUpdate)
		if err != nil {
			return fmt.Errorf("lock assessment %s: %w", as.ID, err)
		}
		if err := CheckTransition(TransClarify, a.User.Role, status); err != nil {
			return err
		}
		if err := models.ReopenAnswers(ctx, tx, as.ID, codes); err != nil {
			return fmt.Errorf("reopen %s: %w", strings.Join(codes, ","), err)
		}
		err = models.CreateClarifications(ctx, tx, models.ClarificationRequest{
			AssessmentID: as.ID, Round: as.Round, Criteria: codes, AuthorID: a.User.ID, Body: message, At: s.now(),
		})
		if err != nil {
			return fmt.Errorf("record clarification request: %w", err)
		}
		if err := s.moveTo(ctx, tx, as.ID, TransClarify, models.StatusChange{At: s.now()}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "review.clarification", "assessment", as.ID, strings.Join(codes, ",")); err != nil {
			return err
		}
		return s.notifyManagers(ctx, tx, "clarification", as)
	})
}

// checkClarification checks a clarification request against the
// questionnaire: at least one criterion, each one of its applicable
// criteria (codes are trimmed, upper-cased and deduplicated), and a
// message. It returns the codes and the trimmed message.
func checkClarification(q *Questionnaire, in ClarificationInput) ([]string, string, error) {
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
	message := strings.TrimSpace(in.Message)
	if message == "" {
		verr.Add("message", "error.message_required", nil)
	}
	return codes, message, verr.Err()
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

// moveTo moves an assessment to the state transition t leads to, after
// the caller checked t under the row lock, so it cannot miss; if it did,
// nothing would be kept (409).
func (s *Service) moveTo(ctx context.Context, tx *models.DB, id string, t Transition, c models.StatusChange) error {
	c.To = t.Target()
	moved, err := models.ChangeAssessmentStatus(ctx, tx, id, c)
	if err != nil {
		return fmt.Errorf("%s assessment %s: %w", t, id, err)
	}
	if !moved {
		return Conflict("error.transition." + string(t))
	}
	return nil
}

// resubmit sends answered clarifications back to the reviewers: a new
// round is kept and the reopened answers lock again.
func (s *Service) resubmit(ctx context.Context, a Actor, q *Questionnaire) (*models.Assessment, error) {
	as := q.Assessment
	if err := incomplete(reopenedMissing(q.Items())); err != nil {
		return nil, err
	}
	round := as.Round + 1
	err := s.tx(ctx, func(tx *models.DB) error {
		status, err := models.LockedAssessmentStatus(ctx, tx, as.ID, models.ForUpdate)
		if err != nil {
			return fmt.Errorf("lock assessment %s: %w", as.ID, err)
		}
		if err := CheckTransition(TransResubmit, a.User.Role, status); err != nil {
			return err
		}
		if err := models.SnapshotAnswers(ctx, tx, as.ID, round, s.now()); err != nil {
			return fmt.Errorf("keep round %d: %w", round, err)
		}
		if err := models.LockReopenedAnswers(ctx, tx, as.ID); err != nil {
			return fmt.Errorf("lock reopened answers: %w", err)
		}
		if err := s.moveTo(ctx, tx, as.ID, TransResubmit, models.StatusChange{Round: round, At: s.now()}); err != nil {
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

// reopenedMissing lists the reopened, applicable items still incomplete:
// a resubmission needs only those.
func reopenedMissing(items []*Item) []*Item {
	var out []*Item
	for _, it := range items {
		if it.Answer.Reopened && it.Applicable && !it.Complete() {
			out = append(out, it)
		}
	}
	return out
}
