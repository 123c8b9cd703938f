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

// StaleAnswerError is the conflict of a save based on an old version; it
// carries the newer saved answer so the client can show both.
type StaleAnswerError struct {
	Current models.Answer
}

func (e *StaleAnswerError) Error() string { return "stale answer version" }

// Unwrap makes errors.Is(err, ErrStale) true.
func (e *StaleAnswerError) Unwrap() error { return ErrStale }

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
// and returns *StaleAnswerError.
func (s *Service) SaveAnswer(ctx context.Context, a Actor, assessmentID, code string, in AnswerInput) (int, error) {
	as, err := s.visibleAssessment(ctx, a, assessmentID)
	if err != nil {
		return 0, err
	}
	if !a.Is(models.RoleManager) {
		return 0, ErrForbidden
	}
	if _, f, err := s.pinnedFramework(ctx, as.FrameworkID); err != nil {
		return 0, err
	} else if _, ok := f.Criterion(code); !ok {
		return 0, ErrNotFound
	}
	if err := in.check(); err != nil {
		return 0, err
	}
	in.Narrative = strings.TrimRight(in.Narrative, " \t\r\n")
	var newVersion int
	err = s.tx(ctx, func(tx *models.DB) error {
		current, err := lockAnswer(tx, as.ID, code)
		if err != nil {
			return err
		}
		if err := checkAnswerEditable(tx, as.ID, current); err != nil {
			return err
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
		return s.audit(ctx, tx, a, "answer.save", "assessment", as.ID, code)
	})
	return newVersion, err
}

// lockAnswer reads an answer inside a write transaction; on PostgreSQL the
// row is locked so concurrent saves of one answer queue up (SQLite's
// BEGIN IMMEDIATE already serialises writers).
func lockAnswer(tx *models.DB, assessmentID, code string) (*models.Answer, error) {
	q := tx.Where("assessment_id = ? AND criterion = ?", assessmentID, code)
	if tx.Dialect == models.Postgres {
		q = q.Clauses(forUpdate())
	}
	var ans models.Answer
	err := q.Take(&ans).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &ans, err
}

// checkAnswerEditable re-reads the assessment status inside the
// transaction: answers change only in a draft, or when reopened by a
// clarification request.
func checkAnswerEditable(tx *models.DB, assessmentID string, ans *models.Answer) error {
	status, err := lockedStatus(tx, assessmentID, false)
	if err != nil {
		return err
	}
	if status == models.StatusDraft || (status == models.StatusChangesRequested && ans.Reopened) {
		return nil
	}
	return Conflict("error.not_editable")
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
