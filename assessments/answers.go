package assessments

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// MaxNarrative bounds a narrative, in characters.
const MaxNarrative = 20000

// AnswerInput is one save of an answer: Version is the one the client last
// read (0 for a first save).
type AnswerInput struct {
	Level     *string `json:"level"`
	Narrative string  `json:"narrative"`
	Version   int     `json:"version"`
}

// StaleAnswerError is the conflict of an answer saved from an old version.
type StaleAnswerError = StaleError[models.Answer]

func (in *AnswerInput) check() error {
	verr := &ValidationError{}
	if in.Level != nil {
		switch *in.Level {
		case models.LevelMet, models.LevelPartiallyMet, models.LevelNotMet, models.LevelNotApplicable:
		case "":
			in.Level = nil
		default:
			verr.Add("level", "error.level", nil)
		}
	}
	if in.Level != nil && *in.Level == models.LevelNotApplicable && strings.TrimSpace(in.Narrative) == "" {
		verr.Add("narrative", "error.justification_required", nil)
	}
	if n := utf8.RuneCountInString(in.Narrative); n > MaxNarrative {
		verr.Add("narrative", "error.too_long", map[string]any{"Max": MaxNarrative})
	}
	if !utf8.ValidString(in.Narrative) {
		verr.Add("narrative", "error.invalid", nil)
	}
	if in.Version < 0 {
		verr.Add("version", "error.invalid", nil)
	}
	return verr.Err()
}

// SaveAnswer saves one answer if the actor may edit it and the version is
// the latest; it returns the new version. A stale version changes nothing
// and returns *StaleAnswerError. It is the hot path of autosave: one
// scoped read, one update and the audit entry, in one transaction.
func (s *Service) SaveAnswer(ctx context.Context, a Actor, assessmentID, code string, in AnswerInput) (int, error) {
	if !a.Is(models.RoleManager) || a.User.HotlineID == nil {
		if _, err := s.visibleAssessment(ctx, a, assessmentID); err != nil {
			return 0, err
		}
		return 0, ErrForbidden
	}
	if !models.ValidID(assessmentID) {
		return 0, ErrNotFound
	}
	if err := in.check(); err != nil {
		return 0, err
	}
	in.Narrative = strings.TrimRight(in.Narrative, " \t\r\n")
	var newVersion int
	err := s.tx(ctx, func(tx *models.DB) error {
		current, status, err := lockAnswer(tx, assessmentID, code, *a.User.HotlineID)
		if err != nil {
			return err
		}
		if !(status == models.StatusDraft || (status == models.StatusChangesRequested && current.Reopened)) {
			return Conflict("error.not_editable")
		}
		if current.Version != in.Version {
			return &StaleAnswerError{Current: *current}
		}
		newVersion = current.Version + 1
		res := tx.Model(&models.Answer{}).Where("id = ? AND version = ?", current.ID, current.Version).Updates(map[string]any{
			"level": in.Level, "narrative": in.Narrative, "carried_over": false, "version": newVersion,
			"updated_by": a.User.ID, "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return &StaleAnswerError{Current: *current}
		}
		return s.audit(ctx, tx, a, "answer.save", "assessment", assessmentID, code)
	})
	return newVersion, err
}

// answerRow is an answer with its assessment's status, read in one query.
type answerRow struct {
	models.Answer
	Status models.Status
}

// lockAnswer reads an answer and its assessment's status inside a write
// transaction, scoped to the manager's hotline (so another hotline's
// assessment, or an unknown criterion, is not found). On PostgreSQL the
// rows are locked so concurrent saves queue (SQLite's BEGIN IMMEDIATE
// already serialises writers).
func lockAnswer(tx *models.DB, assessmentID, code, hotlineID string) (*models.Answer, models.Status, error) {
	q := tx.Table("answers").Select("answers.*, assessments.status").
		Joins("JOIN assessments ON assessments.id = answers.assessment_id").
		Where("answers.assessment_id = ? AND answers.criterion = ? AND assessments.hotline_id = ?", assessmentID, code, hotlineID)
	if tx.Dialect == models.Postgres {
		q = q.Clauses(forUpdate())
	}
	var row answerRow
	err := q.Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, "", ErrNotFound
	}
	return &row.Answer, row.Status, err
}

// lockedStatus reads an assessment's status in a transaction, locking the
// row on PostgreSQL (shared for saves, exclusive for transitions).
func lockedStatus(tx *models.DB, id string, exclusive bool) (models.Status, error) {
	q := tx.Model(&models.Assessment{}).Select("status").Where("id = ?", id)
	if tx.Dialect == models.Postgres {
		if exclusive {
			q = q.Clauses(forUpdate())
		} else {
			q = q.Clauses(forShare())
		}
	}
	var status models.Status
	err := q.Scan(&status).Error
	if err == nil && status == "" {
		return "", ErrNotFound
	}
	return status, err
}
