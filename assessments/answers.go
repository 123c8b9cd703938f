package assessments

import (
	"cmp"
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
	Level     *string `json:"level" form:"level"`
	Narrative string  `json:"narrative" form:"narrative"`
	Version   int     `json:"version" form:"version"`
	// Language is the narrative's language; empty means the manager's.
	Language string `json:"language" form:"language"`
}

// languages is what an answer's check needs of the message catalogue.
type languages interface{ Supported(lang string) bool }

// StaleAnswerError is the conflict of an answer saved from an old version.
type StaleAnswerError = StaleError[models.Answer]

func (in *AnswerInput) check(msgs languages) error {
	verr := &ValidationError{}
	if in.Language != "" && !msgs.Supported(in.Language) {
		verr.Add("language", "error.language", nil)
	}
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
// and returns *StaleAnswerError. It is the hot path of autosave. On
// PostgreSQL a save that is allowed is one statement (the scope, the
// version and the status checked as it writes, with its audit entry);
// otherwise, and on SQLite, a scoped read judges the save, then the update
// and its audit entry are written only if the answer and the assessment's
// status are still as read; if they changed meanwhile, the save is judged
// again on what is there now.
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
	if err := in.check(s.msgs); err != nil {
		return 0, err
	}
	in.Language = cmp.Or(in.Language, s.msgs.Match(a.User.Language))
	in.Narrative = strings.TrimRight(in.Narrative, " \t\r\n")
	audit := s.auditEntry(a, "answer.save", "assessment", assessmentID, code)
	saved, err := models.SaveAnswerAtVersion(ctx, s.db, models.AnswerWrite{
		AssessmentID: assessmentID, Criterion: code, HotlineID: *a.User.HotlineID, Version: in.Version,
		Level: in.Level, Narrative: in.Narrative, Language: in.Language, UserID: a.User.ID, At: s.now(), Audit: audit,
		Open: models.StatusDraft, Reopenable: models.StatusChangesRequested, // as answerOpen
	})
	if err != nil {
		return 0, err
	}
	if saved {
		return in.Version + 1, nil
	}
	current, status, err := s.answerToSave(ctx, a, assessmentID, code, in.Version)
	if err != nil {
		return 0, err
	}
	saved, err = models.SaveAnswerIfUnchanged(ctx, s.db, models.AnswerSave{
		Seen: current, SeenStatus: status, Level: in.Level, Narrative: in.Narrative, Language: in.Language, UserID: a.User.ID, At: s.now(),
		Audit: audit,
	})
	if err != nil {
		return 0, err
	}
	if !saved {
		if current, _, err = s.answerToSave(ctx, a, assessmentID, code, in.Version); err != nil {
			return 0, err
		}
		return 0, &StaleAnswerError{Current: *current}
	}
	return current.Version + 1, nil
}

// answerToSave reads the answer a manager saves over version and checks
// that it may be saved: the assessment is a draft, or sent back with this
// answer reopened, and the version is the latest.
func (s *Service) answerToSave(ctx context.Context, a Actor, assessmentID, code string, version int) (*models.Answer, models.Status, error) {
	current, status, err := models.ReadAnswerForSave(ctx, s.db, assessmentID, code, *a.User.HotlineID)
	if err != nil {
		return nil, "", err
	}
	if !answerOpen(status, current.Reopened) {
		return nil, "", Conflict("error.not_editable")
	}
	if current.Version != version {
		return nil, "", &StaleAnswerError{Current: *current}
	}
	return current, status, nil
}
