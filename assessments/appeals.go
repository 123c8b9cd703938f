package assessments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlineportal/models"
)

// Appeals against a decision (issue 16): the hotline's manager lodges one
// within the appeal window, the secretariat forms an independent panel,
// the members give their views, and the secretariat records the outcome.
// The hotline never learns who sits on the panel.

// appealScopeOf is which appeals an actor may see: all for the
// secretariat, their hotline's for a manager, the ones they sit on for a
// reviewer, none for anyone else.
func appealScopeOf(a Actor) models.AppealScope {
	switch {
	case a.Is(models.RoleSecretariat):
		return models.AppealScope{All: true}
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return models.AppealScope{HotlineID: *a.User.HotlineID}
	case a.Is(models.RoleReviewer):
		return models.AppealScope{MemberID: a.User.ID}
	}
	return models.AppealScope{}
}

// AppealWindow is what the lodge form needs: the decision appealed
// against, until when an appeal may be lodged (Open false when that time
// is past or the window is closed by configuration), and the appeal
// already open, if any.
type AppealWindow struct {
	Assessment *models.Assessment
	Decision   *models.Decision
	Deadline   time.Time
	Open       bool
	Current    *models.Appeal
	// Heard is the appeal a panel already heard: its outcome is final (an
	// overturn's new decision cannot be appealed again).
	Heard *models.Appeal
}

// AppealWindowOf tells the hotline's manager (or the secretariat) whether
// and until when the decision on an assessment can be appealed.
func (s *Service) AppealWindowOf(ctx context.Context, a Actor, assessmentID string) (*AppealWindow, error) {
	if !a.Is(models.RoleManager, models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if as.Status != models.StatusDecided {
		return nil, Conflict("error.appeal.not_decided")
	}
	d, err := models.DecisionOf(ctx, s.db, as.ID)
	if err != nil {
		return nil, fmt.Errorf("load the decision of %s: %w", as.ID, err)
	}
	w := &AppealWindow{Assessment: as, Decision: d, Deadline: d.DecidedAt.AddDate(0, 0, s.opts.AppealDays)}
	w.Open = s.opts.AppealDays > 0 && !s.now().After(w.Deadline)
	cur, err := models.OpenAppealOf(ctx, s.db, as.ID)
	switch {
	case err == nil:
		w.Current = cur
	case !errors.Is(err, models.ErrNotFound):
		return nil, fmt.Errorf("load the open appeal of %s: %w", as.ID, err)
	}
	heard, err := models.HeardAppealOf(ctx, s.db, as.ID)
	switch {
	case err == nil:
		w.Heard, w.Open = heard, false
	case !errors.Is(err, models.ErrNotFound):
		return nil, fmt.Errorf("load the heard appeal of %s: %w", as.ID, err)
	}
	return w, nil
}

// LodgeAppeal lodges the hotline's appeal against the decision on one of
// its assessments (its manager), with the grounds. A late appeal, or a
// second one while one is open, is a conflict; the assessment stays
// decided throughout.
func (s *Service) LodgeAppeal(ctx context.Context, a Actor, assessmentID, grounds string) (*models.Appeal, error) {
	if !a.Is(models.RoleManager) {
		return nil, ErrForbidden
	}
	w, err := s.AppealWindowOf(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	switch {
	case w.Heard != nil:
		return nil, Conflict("error.appeal.already_heard")
	case s.opts.AppealDays <= 0:
		return nil, Conflict("error.appeal.window_closed")
	case !w.Open:
		return nil, Conflict("error.appeal.late")
	case w.Current != nil:
		return nil, Conflict("error.appeal.open_exists")
	}
	if grounds = strings.TrimSpace(grounds); grounds == "" {
		return nil, Invalid("grounds", "error.appeal.grounds_required")
	}
	now := s.now()
	ap := &models.Appeal{
		ID: models.NewID(), AssessmentID: w.Assessment.ID, HotlineID: w.Assessment.HotlineID, DecisionID: w.Decision.ID,
		Status: models.AppealLodged, Grounds: grounds, LodgedBy: a.User.ID, DecidedBy: w.Decision.DecidedBy,
		LodgedAt: now, PreviousOutcome: w.Decision.Outcome, Version: 1, Hotline: w.Assessment.Hotline,
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.InsertAppeal(ctx, tx, ap); errors.Is(err, models.ErrDuplicate) {
			return Conflict("error.appeal.open_exists")
		} else if err != nil {
			return fmt.Errorf("insert appeal: %w", err)
		}
		return s.appealStep(ctx, tx, a, ap, appealStep{
			event: "lodged", audit: "appeal.lodge", detail: w.Decision.Outcome,
			notify: []appealNotice{{to: toSecretariat, kind: "appeal_lodged"}, {to: toManagers, kind: "appeal_lodged_receipt"}},
		})
	})
	if err != nil {
		return nil, fmt.Errorf("lodge appeal on %s: %w", assessmentID, err)
	}
	return ap, nil
}

// openAppealOfManager is an open appeal its hotline's manager is acting
// on: not theirs is not found, another role is forbidden, and a closed
// appeal is a conflict.
func (s *Service) openAppealOfManager(ctx context.Context, a Actor, id string) (*models.Appeal, error) {
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleManager) {
		return nil, ErrForbidden
	}
	if !ap.Open() {
		return nil, Conflict("error.appeal.closed")
	}
	return ap, nil
}

// WithdrawAppeal withdraws an open appeal (the hotline's manager).
func (s *Service) WithdrawAppeal(ctx context.Context, a Actor, id string) (*models.Appeal, error) {
	ap, err := s.openAppealOfManager(ctx, a, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.ChangeAppeal(ctx, tx, ap.ID, models.AppealChange{From: models.AppealOpenStates, Version: ap.Version,
			Fields: map[string]any{"status": models.AppealWithdrawn, "closed_at": now, "closed_by": a.User.ID}})
		if err != nil {
			return fmt.Errorf("withdraw appeal: %w", err)
		}
		if !ok {
			return Conflict("error.appeal.changed")
		}
		return s.appealStep(ctx, tx, a, ap, appealStep{
			event: "withdrawn", audit: "appeal.withdraw",
			notify: []appealNotice{{to: toSecretariat, kind: "appeal_withdrawn"}, {to: toMembers, kind: "appeal_withdrawn"}},
		})
	})
	if err != nil {
		return nil, fmt.Errorf("withdraw appeal %s: %w", id, err)
	}
	ap.Status, ap.ClosedAt, ap.ClosedBy = models.AppealWithdrawn, &now, a.User.ID
	return ap, nil
}

// ListAppeals lists one page of the appeals the actor may see, optionally
// in one status, newest first.
func (s *Service) ListAppeals(ctx context.Context, a Actor, status string, page Page) ([]models.Appeal, int64, error) {
	switch status {
	case "", models.AppealLodged, models.AppealPanel, models.AppealWithdrawn, models.AppealUpheld, models.AppealOverturned:
	default:
		status = ""
	}
	out, total, err := models.ListAppeals(ctx, s.db, appealScopeOf(a), status, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list appeals: %w", err)
	}
	return out, total, nil
}

// AppealDetail is an appeal as the actor may see it. For the hotline's
// manager the members carry no account (they are "Panel member 1"...) and
// their views show only once the appeal is decided; a panel member and
// the secretariat get the full dossier of the assessment.
type AppealDetail struct {
	Appeal  *models.Appeal
	Members []models.AppealMember
	Events  []models.AppealEvent
	Files   []models.AppealFile
	// Me is the actor's own place on the panel, nil when not on it.
	Me *models.AppealMember
	// AsManager tells the page to show the hotline's view.
	AsManager      bool
	Dossier        *models.Dossier
	DossierContent *dossier
}

// GetAppeal loads an appeal with its panel, timeline and files for someone
// who may see it; anyone else gets ErrNotFound.
func (s *Service) GetAppeal(ctx context.Context, a Actor, id string) (*AppealDetail, error) {
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, err
	}
	d := &AppealDetail{Appeal: ap, AsManager: a.Is(models.RoleManager)}
	if d.Members, err = models.AppealMembers(ctx, s.db, ap.ID); err != nil {
		return nil, fmt.Errorf("load panel of %s: %w", ap.ID, err)
	}
	if d.Events, err = models.AppealEvents(ctx, s.db, ap.ID); err != nil {
		return nil, fmt.Errorf("load timeline of %s: %w", ap.ID, err)
	}
	if d.Files, err = models.AppealFiles(ctx, s.db, ap.ID); err != nil {
		return nil, fmt.Errorf("load files of %s: %w", ap.ID, err)
	}
	for i := range d.Members {
		m := &d.Members[i]
		if m.UserID == a.User.ID {
			d.Me = m
		}
		if d.AsManager {
			anonymise(m, ap.Open())
		}
	}
	if d.Me != nil || a.Is(models.RoleSecretariat) {
		if err := s.attachDossier(ctx, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// anonymise leaves of a panel member what the hotline may know: their
// number and role, and their view once the appeal is decided.
func anonymise(m *models.AppealMember, open bool) {
	role := models.RoleReviewer
	if m.User != nil {
		role = m.User.Role
	}
	m.UserID, m.User = "", &models.User{Role: role}
	if open || m.Status != models.MemberAnswered {
		m.View, m.Rationale = "", ""
	}
}

// attachDossier adds the assessment's current frozen dossier, read back
// for the page; an assessment decided before dossiers existed has none.
func (s *Service) attachDossier(ctx context.Context, d *AppealDetail) error {
	row, err := models.DossierOf(ctx, s.db, d.Appeal.AssessmentID)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load dossier of %s: %w", d.Appeal.AssessmentID, err)
	}
	var content dossier
	if err := json.Unmarshal(row.Body, &content); err != nil {
		return fmt.Errorf("read dossier of %s: %w", d.Appeal.AssessmentID, err)
	}
	d.Dossier, d.DossierContent = row, &content
	return nil
}

// AppealDossier is the frozen dossier of an appeal's assessment, for its
// panel members and the secretariat (the hotline has its own through its
// certificate); anyone else gets ErrNotFound.
func (s *Service) AppealDossier(ctx context.Context, a Actor, id string) (*models.Dossier, error) {
	d, err := s.GetAppeal(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if d.Dossier == nil {
		return nil, ErrNotFound
	}
	return d.Dossier, nil
}
