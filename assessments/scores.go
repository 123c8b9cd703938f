package assessments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"hotlineportal/models"
)

// ScoreInput is one save of a reviewer's score. A score must be given:
// Score is 0-4, or NA marks the criterion not applicable (in JSON,
// "score": null); neither is no score at all, which is refused. Version,
// when given, must be the one last read (0 before the first save), as for
// answers.
type ScoreInput struct {
	Score   *int   `json:"score"`
	NA      bool   `json:"-"`
	Comment string `json:"comment"`
	Version *int   `json:"version"`
}

// UnmarshalJSON reads a score save, telling "score": null (N/A) from a
// body without "score" (no score, refused by the rule). A score that is
// not an integer is a decoding error, as before.
func (in *ScoreInput) UnmarshalJSON(data []byte) error {
	type fields ScoreInput // the same fields without this method
	var raw struct {
		fields
		Score json.RawMessage `json:"score"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*in = ScoreInput(raw.fields)
	switch value := bytes.TrimSpace(raw.Score); {
	case len(value) == 0:
	case string(value) == "null":
		in.NA = true
	default:
		return json.Unmarshal(value, &in.Score)
	}
	return nil
}

// StaleScoreError is the conflict of a score saved from an old version.
type StaleScoreError = StaleError[models.Score]

// check applies the rules of a score: present, 0-4 or N/A, a comment
// below 3, and not too long.
func (in *ScoreInput) check() error {
	verr := &ValidationError{}
	switch {
	case in.Score == nil && !in.NA:
		verr.Add("score", "error.score_required", nil)
	case in.Score != nil && (in.NA || *in.Score < 0 || *in.Score > 4):
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

// staleScore tells whether a save based on version is stale against the
// score as stored (nil before the first save). No version means the
// client does not check.
func staleScore(cur *models.Score, version *int) bool {
	switch {
	case version == nil:
		return false
	case cur == nil:
		return *version != 0
	}
	return *version != cur.Version
}

// reviewerContext loads an assessment for an assigned reviewer and checks
// the transition; a pending assignment is accepted by the first act.
// Once the reviewer's review is in, their scores are final.
func (s *Service) reviewerContext(ctx context.Context, a Actor, assessmentID string, t Transition) (*models.Assessment, *models.Assignment, error) {
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckTransition(t, a.User.Role, as.Status); err != nil {
		return nil, nil, err
	}
	asg, err := models.ActiveAssignment(ctx, s.db, as.ID, a.User.ID)
	if err != nil {
		return nil, nil, err
	}
	submitted, err := models.ReviewSubmitted(ctx, s.db, as.ID, a.User.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("check review of %s: %w", as.ID, err)
	}
	if submitted {
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
		if err := s.acceptPending(ctx, tx, asg); err != nil {
			return err
		}
		if err := s.checkLockedTransition(ctx, tx, as.ID, TransScore, a, false); err != nil {
			return err
		}
		if version, err = s.writeScore(ctx, tx, as.ID, a.User.ID, code, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "score.save", "assessment", as.ID, code)
	})
	if err != nil {
		return 0, fmt.Errorf("save score %s: %w", code, err)
	}
	return version, nil
}

// acceptPending accepts the reviewer's assignment if still pending: the
// first act stands for the no-conflict declaration.
func (s *Service) acceptPending(ctx context.Context, tx *models.DB, asg *models.Assignment) error {
	if asg.Status != models.AssignmentPending {
		return nil
	}
	if _, err := models.AcceptAssignmentIfPending(ctx, tx, asg.ID, s.now()); err != nil {
		return fmt.Errorf("accept assignment: %w", err)
	}
	return nil
}

// writeScore inserts or updates a score, checking the version when given.
func (s *Service) writeScore(ctx context.Context, tx *models.DB, assessmentID, reviewerID, code string, in ScoreInput) (int, error) {
	cur, err := models.ScoreForUpdate(ctx, tx, assessmentID, reviewerID, code)
	switch {
	case errors.Is(err, models.ErrNotFound):
		if staleScore(nil, in.Version) {
			return 0, &StaleScoreError{}
		}
		row := &models.Score{ID: models.NewID(), AssessmentID: assessmentID, ReviewerID: reviewerID, Criterion: code,
			Score: in.Score, Comment: in.Comment, Version: 1, UpdatedAt: s.now()}
		if err := models.InsertScore(ctx, tx, row); errors.Is(err, models.ErrDuplicate) {
			return 0, &StaleScoreError{}
		} else if err != nil {
			return 0, fmt.Errorf("insert score: %w", err)
		}
		return 1, nil
	case err != nil:
		return 0, fmt.Errorf("read score: %w", err)
	}
	if staleScore(cur, in.Version) {
		return 0, &StaleScoreError{Current: *cur}
	}
	updated, err := models.UpdateScore(ctx, tx, cur.ID, cur.Version, in.Score, in.Comment, s.now())
	if err != nil {
		return 0, fmt.Errorf("update score: %w", err)
	}
	if !updated {
		return 0, &StaleScoreError{Current: *cur}
	}
	return cur.Version + 1, nil
}
