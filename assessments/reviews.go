package assessments

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// ReviewInput is a reviewer's final review.
type ReviewInput struct {
	Recommendation string `json:"recommendation" form:"recommendation"`
	Summary        string `json:"summary" form:"summary"`
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
	for _, it := range w.Unscored() {
		verr.Add(it.Item.Criterion.Code, "error.unscored", map[string]any{"Code": it.Item.Criterion.Code})
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	review := &models.Review{ID: models.NewID(), AssessmentID: as.ID, ReviewerID: a.User.ID, Recommendation: in.Recommendation, Summary: in.Summary, SubmittedAt: s.now()}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := acceptIfPending(tx, asg, s); err != nil {
			return err
		}
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransSubmitReview, a.User.Role, status); err != nil {
			return err
		}
		if err := tx.Create(review).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Conflict("error.review_already_submitted")
			}
			return err
		}
		if err := s.audit(ctx, tx, a, "review.submit", "assessment", as.ID, in.Recommendation); err != nil {
			return err
		}
		done, err := allReviewsIn(tx, as.ID)
		if err != nil {
			return err
		}
		if !done {
			return s.notifySecretariat(ctx, tx, "review_submitted", as)
		}
		if err := s.setStatus(tx, as.ID, models.StatusReviewed); err != nil {
			return err
		}
		return s.notifySecretariat(ctx, tx, "reviews_complete", as)
	})
	return review, err
}

// allReviewsIn tells whether every active assignment has a review.
func allReviewsIn(tx *models.DB, assessmentID string) (bool, error) {
	var missing int64
	err := tx.Model(&models.Assignment{}).Where("assessment_id = ? AND status <> ?", assessmentID, models.AssignmentDeclined).
		Where("NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id)").
		Count(&missing).Error
	return missing == 0, err
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
	verr := &ValidationError{}
	if _, ok := q.Item(code); !ok {
		verr.Add("criterion", "error.criterion_unknown", nil)
	}
	if message = strings.TrimSpace(message); message == "" {
		verr.Add("message", "error.message_required", nil)
	}
	if err := verr.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *models.DB) error {
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransReconcile, a.User.Role, status); err != nil {
			return err
		}
		m := &models.Message{ID: models.NewID(), AssessmentID: as.ID, Criterion: code, Round: as.Round, Kind: models.MessageReconcile,
			AuthorID: a.User.ID, Body: message, CreatedAt: s.now()}
		if err := tx.Create(m).Error; err != nil {
			return err
		}
		if err := s.reopenReviews(tx, as.ID); err != nil {
			return err
		}
		if err := s.setStatus(tx, as.ID, TransReconcile.Target()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "review.reconcile", "assessment", as.ID, code); err != nil {
			return err
		}
		return s.notifyReviewers(ctx, tx, "reconcile", as)
	})
}

// reopenReviews withdraws submitted reviews so scores can change again;
// each withdrawn recommendation is kept as a note in the thread.
func (s *Service) reopenReviews(tx *models.DB, assessmentID string) error {
	var reviews []models.Review
	if err := tx.Where("assessment_id = ?", assessmentID).Find(&reviews).Error; err != nil {
		return err
	}
	var round int
	if err := tx.Model(&models.Assessment{}).Select("round").Where("id = ?", assessmentID).Scan(&round).Error; err != nil {
		return err
	}
	for _, r := range reviews {
		note := &models.Message{ID: models.NewID(), AssessmentID: assessmentID, Round: round, Kind: models.MessageNote, AuthorID: r.ReviewerID,
			Body: "Review withdrawn for reconciliation. Recommendation was: " + r.Recommendation + ". " + r.Summary, CreatedAt: s.now()}
		if err := tx.Create(note).Error; err != nil {
			return err
		}
	}
	return tx.Where("assessment_id = ?", assessmentID).Delete(&models.Review{}).Error
}
