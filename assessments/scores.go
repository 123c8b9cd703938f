package assessments

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// ScoreInput is one save of a reviewer's score: Score nil means N/A;
// Version, when given, must be the one last read (0 before the first
// save), as for answers.
type ScoreInput struct {
	Score   *int   `json:"score"`
	Comment string `json:"comment"`
	Version *int   `json:"version"`
}

// StaleScoreError is the conflict of a score saved from an old version.
type StaleScoreError = StaleError[models.Score]

func (in *ScoreInput) check() error {
	verr := &ValidationError{}
	if in.Score != nil && (*in.Score < 0 || *in.Score > 4) {
		verr.Add("score", "error.score_range", nil)
	}
	in.Comment = strings.TrimSpace(in.Comment)
	if in.Score != nil && *in.Score < 3 && in.Comment == "" {
		verr.Add("comment", "error.comment_required", nil)
	}
	if utf8.RuneCountInString(in.Comment) > MaxNarrative {
		verr.Add("comment", "error.too_long", map[string]any{"Max": MaxNarrative})
	}
	return verr.Err()
}

// reviewerContext loads an assessment for an assigned reviewer and checks
// the transition; a pending assignment is accepted by the first act.
func (s *Service) reviewerContext(ctx context.Context, a Actor, assessmentID string, t Transition) (*models.Assessment, *models.Assignment, error) {
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckTransition(t, a.User.Role, as.Status); err != nil {
		return nil, nil, err
	}
	asg, err := myAssignment(s.db.WithContext(ctx), a, as.ID)
	if err != nil {
		return nil, nil, err
	}
	var submitted int64
	if err := s.db.WithContext(ctx).Model(&models.Review{}).Where("assessment_id = ? AND reviewer_id = ?", as.ID, a.User.ID).Count(&submitted).Error; err != nil {
		return nil, nil, err
	}
	if submitted > 0 {
		return nil, nil, Conflict("error.review_already_submitted")
	}
	return as, asg, nil
}

// SaveScore saves an assigned reviewer's score of one criterion. A comment
// is required below 3. A stale version changes nothing.
func (s *Service) SaveScore(ctx context.Context, a Actor, assessmentID, code string, in ScoreInput) (int, error) {
	if a.Is(models.RoleSecretariat, models.RoleManager) {
		if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
			return 0, err
		}
		return 0, ErrForbidden
	}
	as, asg, err := s.reviewerContext(ctx, a, assessmentID, TransScore)
	if err != nil {
		return 0, err
	}
	if _, f, err := s.pinnedFramework(ctx, as.FrameworkID); err != nil {
		return 0, err
	} else if _, ok := f.Criterion(code); !ok {
		return 0, ErrNotFound
	}
	if err := in.check(); err != nil {
		return 0, err
	}
	var version int
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := acceptIfPending(tx, asg, s); err != nil {
			return err
		}
		status, err := lockedStatus(tx, as.ID, false)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransScore, a.User.Role, status); err != nil {
			return err
		}
		if version, err = s.writeScore(tx, as.ID, a.User.ID, code, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "score.save", "assessment", as.ID, code)
	})
	return version, err
}

func acceptIfPending(tx *models.DB, asg *models.Assignment, s *Service) error {
	if asg.Status != models.AssignmentPending {
		return nil
	}
	return tx.Model(&models.Assignment{}).Where("id = ? AND status = ?", asg.ID, models.AssignmentPending).
		Updates(map[string]any{"status": models.AssignmentAccepted, "responded_at": s.now()}).Error
}

// writeScore inserts or updates a score, checking the version when given.
func (s *Service) writeScore(tx *models.DB, assessmentID, reviewerID, code string, in ScoreInput) (int, error) {
	var cur models.Score
	q := tx.Where("assessment_id = ? AND reviewer_id = ? AND criterion = ?", assessmentID, reviewerID, code)
	if tx.Dialect == models.Postgres {
		q = q.Clauses(forUpdate())
	}
	err := q.Take(&cur).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		if in.Version != nil && *in.Version != 0 {
			return 0, &StaleScoreError{}
		}
		row := &models.Score{ID: models.NewID(), AssessmentID: assessmentID, ReviewerID: reviewerID, Criterion: code,
			Score: in.Score, Comment: in.Comment, Version: 1, UpdatedAt: s.now()}
		if err := tx.Create(row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return 0, &StaleScoreError{}
			}
			return 0, err
		}
		return 1, nil
	case err != nil:
		return 0, err
	}
	if in.Version != nil && *in.Version != cur.Version {
		return 0, &StaleScoreError{Current: cur}
	}
	res := tx.Model(&models.Score{}).Where("id = ? AND version = ?", cur.ID, cur.Version).
		Updates(map[string]any{"score": in.Score, "comment": in.Comment, "version": cur.Version + 1, "updated_at": s.now()})
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected != 1 {
		return 0, &StaleScoreError{Current: cur}
	}
	return cur.Version + 1, nil
}
