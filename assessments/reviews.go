package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// ReviewInput is a reviewer's final review.
type ReviewInput struct {
	Recommendation string `json:"recommendation" form:"recommendation"`
	Summary        string `json:"summary" form:"summary"`
}

// check applies the rules of a review: a known recommendation, a
// summary, and every applicable criterion scored (each unscored one is a
// field error named by its code).
func (in *ReviewInput) check(unscored []*WorkspaceItem) error {
	verr := &ValidationError{}
	switch in.Recommendation {
	case models.RecommendAccredit, models.RecommendAccreditConditions, models.RecommendNotAccredit:
	default:
		verr.Add("recommendation", "error.recommendation", nil)
	}
	in.Summary = strings.TrimSpace(in.Summary)
	if in.Summary == "" {
		verr.Add("summary", "error.summary_required", nil)
	}
	for _, it := range unscored {
		verr.Add(it.Item.Criterion.Code, "error.unscored", map[string]any{"Code": it.Item.Criterion.Code})
	}
	return verr.Err()
}

// SubmitReview records an assigned reviewer's recommendation, refused
// while an applicable criterion is unscored. When every assigned reviewer
// has submitted, the assessment becomes reviewed.
func (s *Service) SubmitReview(ctx context.Context, a Actor, assessmentID string, in ReviewInput) (*models.Review, error) {
	if a.Is(models.RoleSecretariat, models.RoleManager) {
		if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
			return nil, err
		}
		return nil, ErrForbidden
	}
	// The workspace has everything the checks need: the assignment, the
	// reviews already in and this reviewer's scores.
	w, err := s.LoadWorkspace(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	as, asg := w.Q.Assessment, w.Assignment
	if err := CheckTransition(TransSubmitReview, a.User.Role, as.Status); err != nil {
		return nil, err
	}
	if w.MyReview != nil {
		return nil, Conflict("error.review_already_submitted")
	}
	if err := in.check(w.Unscored()); err != nil {
		return nil, err
	}
	review := &models.Review{ID: models.NewID(), AssessmentID: as.ID, ReviewerID: a.User.ID, Recommendation: in.Recommendation, Summary: in.Summary, SubmittedAt: s.now()}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := s.acceptPending(ctx, tx, asg); err != nil {
			return err
		}
		if err := s.checkLockedTransition(ctx, tx, as.ID, TransSubmitReview, a, true); err != nil {
			return err
		}
		if err := models.InsertReview(ctx, tx, review); errors.Is(err, models.ErrDuplicate) {
			return Conflict("error.review_already_submitted")
		} else if err != nil {
			return fmt.Errorf("insert review: %w", err)
		}
		if err := s.audit(ctx, tx, a, "review.submit", "assessment", as.ID, in.Recommendation); err != nil {
			return err
		}
		missing, err := models.ReviewsMissing(ctx, tx, as.ID)
		if err != nil {
			return fmt.Errorf("count missing reviews: %w", err)
		}
		if missing > 0 {
			return s.notifySecretariat(ctx, tx, "review_submitted", as)
		}
		if err := s.setStatusTo(ctx, tx, as.ID, models.StatusReviewed); err != nil {
			return err
		}
		return s.notifySecretariat(ctx, tx, "reviews_complete", as)
	})
	if err != nil {
		return nil, fmt.Errorf("submit review of %s: %w", as.ID, err)
	}
	return review, nil
}

// reconcileInput checks a request to reconcile: a criterion of the
// assessment and a message to the reviewers.
func reconcileInput(q *Questionnaire, code, message string) (string, error) {
	verr := &ValidationError{}
	if _, ok := q.Item(code); !ok {
		verr.Add("criterion", "error.criterion_unknown", nil)
	}
	if message = strings.TrimSpace(message); message == "" {
		verr.Add("message", "error.message_required", nil)
	}
	return message, verr.Err()
}

// AskToReconcile sends both reviewers a note about a disagreement on one
// criterion (secretariat). Their reviews reopen so they can change scores;
// the note stays in the criterion's thread.
func (s *Service) AskToReconcile(ctx context.Context, a Actor, assessmentID, code, message string) error {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return err
	}
	as := q.Assessment
	if err := CheckTransition(TransReconcile, a.User.Role, as.Status); err != nil {
		return err
	}
	if message, err = reconcileInput(q, code, message); err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := s.checkLockedTransition(ctx, tx, as.ID, TransReconcile, a, true); err != nil {
			return err
		}
		m := &models.Message{ID: models.NewID(), AssessmentID: as.ID, Criterion: code, Round: as.Round, Kind: models.MessageReconcile,
			AuthorID: a.User.ID, Body: message, CreatedAt: s.now()}
		if err := models.InsertMessage(ctx, tx, m); err != nil {
			return fmt.Errorf("insert message: %w", err)
		}
		if err := s.reopenReviews(ctx, tx, as.ID); err != nil {
			return err
		}
		if err := s.setStatusTo(ctx, tx, as.ID, TransReconcile.Target()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "review.reconcile", "assessment", as.ID, code); err != nil {
			return err
		}
		return s.notifyReviewers(ctx, tx, "reconcile", as)
	})
	if err != nil {
		return fmt.Errorf("reconcile %s of %s: %w", code, as.ID, err)
	}
	return nil
}

// withdrawnNote is the thread's record of a review withdrawn for
// reconciliation, so the recommendation is not lost.
func withdrawnNote(r models.Review) string {
	return "Review withdrawn for reconciliation. Recommendation was: " + r.Recommendation + ". " + r.Summary
}

// reopenReviews withdraws submitted reviews so scores can change again;
// each withdrawn recommendation is kept as a note in the thread.
func (s *Service) reopenReviews(ctx context.Context, tx *models.DB, assessmentID string) error {
	reviews, err := models.DeleteReviews(ctx, tx, assessmentID)
	if err != nil {
		return fmt.Errorf("withdraw reviews: %w", err)
	}
	round, err := models.AssessmentRound(ctx, tx, assessmentID)
	if err != nil {
		return fmt.Errorf("read round: %w", err)
	}
	for _, r := range reviews {
		note := &models.Message{ID: models.NewID(), AssessmentID: assessmentID, Round: round, Kind: models.MessageNote, AuthorID: r.ReviewerID,
			Body: withdrawnNote(r), CreatedAt: s.now()}
		if err := models.InsertMessage(ctx, tx, note); err != nil {
			return fmt.Errorf("keep withdrawn review: %w", err)
		}
	}
	return nil
}
