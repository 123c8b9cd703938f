package assessments

import (
	"context"
	"strings"
	"unicode/utf8"

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
		current, status, err := models.LockAnswerForSave(ctx, tx, assessmentID, code, *a.User.HotlineID)
		if err != nil {
			return err
		}
		if !(status == models.StatusDraft || (status == models.StatusChangesRequested && current.Reopened)) {
			return Conflict("error.not_editable")
		}
		if current.Version != in.Version {
			return &StaleAnswerError{Current: *current}
		}
		saved, err := models.SaveAnswerText(ctx, tx, current.ID, current.Version, in.Level, in.Narrative, a.User.ID, s.now())
		if err != nil {
			return err
		}
		if !saved {
			return &StaleAnswerError{Current: *current}
		}
		newVersion = current.Version + 1
		return s.audit(ctx, tx, a, "answer.save", "assessment", assessmentID, code)
	})
	return newVersion, err
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
