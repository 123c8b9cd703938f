package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// appealPageData is the appeal page: the appeal as the user may see it,
// the panel candidates (the secretariat's, while it is open) and what was
// typed in the form that failed.
type appealPageData struct {
	D          *assessments.AppealDetail
	Candidates []assessments.PanelCandidate
	Selected   []string
	View       assessments.AppealViewInput
	Decline    assessments.AppealDeclineInput
	Decision   appealDecisionForm
	// ReviewDays is how long the panel has for its views.
	ReviewDays int
}

// Heard tells whether the panel hears the appeal now.
func (d appealPageData) Heard() bool { return d.D.Appeal.Status == models.AppealPanel }

// MySeat tells whether the user sits on the panel and may answer.
func (d appealPageData) MySeat() bool { return d.D.Me != nil && d.D.Me.Active() && d.Heard() }

// appealShow is the appeal page.
func (s *Server) appealShow(c echo.Context) error {
	d, err := s.appealData(c)
	if err != nil {
		return err
	}
	if d.D.Me != nil {
		d.View = assessments.AppealViewInput{View: d.D.Me.View, Rationale: d.D.Me.Rationale}
	}
	d.Decision.Conditions = []string{""}
	d.Decision.Deadlines = []string{""}
	return s.render(c, http.StatusOK, "appeal", s.newPage(c, "appeal.title", d))
}

// appealData loads the appeal and, for the secretariat while it is open,
// the panel candidates.
func (s *Server) appealData(c echo.Context) (*appealPageData, error) {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	detail, err := s.svc.GetAppeal(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d := &appealPageData{D: detail, ReviewDays: s.svc.Options().ReviewDays}
	if a.Is(models.RoleSecretariat) && detail.Appeal.Open() {
		if d.Candidates, err = s.svc.PanelCandidates(ctx, a, id); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// appealFailed shows the appeal page again with a form's problem in the
// error summary, what was typed kept; the fields are renamed to the
// page's (fields maps domain names to form ids). A conflict on a field
// (a panel member refused) is shown the same way, with 409.
func (s *Server) appealFailed(c echo.Context, err error, fill func(*appealPageData), fields map[string]string, conflictField string) error {
	status := http.StatusUnprocessableEntity
	var verr *assessments.ValidationError
	var conflict *assessments.ConflictError
	switch {
	case errors.As(err, &verr):
	case conflictField != "" && errors.As(err, &conflict):
		status, verr = http.StatusConflict, &assessments.ValidationError{}
		verr.Add(conflictField, conflict.Key, nil)
	default:
		return err
	}
	renamed := &assessments.ValidationError{}
	for f, m := range verr.Fields {
		if to, ok := fields[f]; ok {
			f = to
		}
		renamed.Add(f, m.Key, m.Data)
	}
	d, lerr := s.appealData(c)
	if lerr != nil {
		return lerr
	}
	fill(d)
	if len(d.Decision.Conditions) == 0 {
		d.Decision.Conditions, d.Decision.Deadlines = []string{""}, []string{""}
	}
	p := s.newPage(c, "appeal.title", d).withErrors(renamed)
	return s.render(c, status, "appeal", p)
}

// appealFileUpload attaches a file to the appeal (its manager).
func (s *Server) appealFileUpload(c echo.Context) error {
	f, err := s.addAppealFile(c)
	if err == nil {
		s.flash(c, "flash.appeal.file_added", f.Filename)
		return redirect(c, "/appeals/"+c.Param("id")+"#files")
	}
	status, fe, ok := s.uploadFieldError(c, err)
	if !ok {
		return err
	}
	d, lerr := s.appealData(c)
	if lerr != nil {
		return lerr
	}
	d.Decision.Conditions, d.Decision.Deadlines = []string{""}, []string{""}
	return s.render(c, status, "appeal", s.newPage(c, "appeal.title", d).withErrors(fe))
}

// appealPanel forms or extends the panel from the ticked candidates.
func (s *Server) appealPanel(c echo.Context) error {
	var f struct {
		UserIDs []string `form:"user_ids"`
	}
	if err := bind(c, &f); err != nil {
		return err
	}
	_, err := s.svc.FormPanel(c.Request().Context(), actor(c), c.Param("id"), f.UserIDs)
	if err != nil {
		return s.appealFailed(c, err, func(d *appealPageData) { d.Selected = f.UserIDs }, map[string]string{"user_ids": "panel"}, "panel")
	}
	s.flash(c, "flash.appeal.panel", "")
	return redirect(c, "/appeals/"+c.Param("id"))
}

// appealView records the member's view.
func (s *Server) appealView(c echo.Context) error {
	var f struct {
		View      string `form:"view"`
		Rationale string `form:"view_rationale"`
	}
	if err := bind(c, &f); err != nil {
		return err
	}
	in := assessments.AppealViewInput{View: f.View, Rationale: f.Rationale}
	if err := s.svc.RecordView(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return s.appealFailed(c, err, func(d *appealPageData) { d.View = in }, map[string]string{"rationale": "view_rationale"}, "")
	}
	s.flash(c, "flash.appeal.view", "")
	return redirect(c, "/appeals/"+c.Param("id"))
}

// appealDecline takes the member off the panel, declaring a conflict when
// ticked.
func (s *Server) appealDecline(c echo.Context) error {
	var f struct {
		Reason   string `form:"reason"`
		Conflict bool   `form:"conflict"`
	}
	if err := bind(c, &f); err != nil {
		return err
	}
	in := assessments.AppealDeclineInput{Reason: f.Reason, Conflict: f.Conflict}
	if err := s.svc.DeclineAppeal(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return s.appealFailed(c, err, func(d *appealPageData) { d.Decline = in }, nil, "")
	}
	s.flash(c, "flash.appeal.declined", "")
	return redirect(c, "/appeals")
}

// appealDecisionForm is the secretariat's decision form; the conditions
// come as rows of a text and a due date, as on the decision page.
type appealDecisionForm struct {
	Outcome    string   `form:"outcome"`
	Rationale  string   `form:"decision_rationale"`
	NewOutcome string   `form:"new_outcome"`
	Conditions []string `form:"condition_text,rows"`
	Deadlines  []string `form:"condition_deadline,rows"`
}

// input is the domain's input from the form's rows.
func (f appealDecisionForm) input() assessments.AppealDecisionInput {
	return assessments.AppealDecisionInput{Outcome: f.Outcome, Rationale: f.Rationale, NewOutcome: f.NewOutcome,
		Conditions: conditionRows(f.Conditions, f.Deadlines)}
}

// appealDecide records the appeal's outcome; an overturn with a new
// certificate goes to it, anything else back to the appeal.
func (s *Server) appealDecide(c echo.Context) error {
	var f appealDecisionForm
	if err := bind(c, &f); err != nil {
		return err
	}
	ap, cert, err := s.svc.DecideAppeal(c.Request().Context(), actor(c), c.Param("id"), f.input())
	if err != nil {
		fields := map[string]string{"rationale": "decision_rationale"}
		for i := range f.Conditions {
			fields["conditions."+strconv.Itoa(i)] = "condition_text-" + strconv.Itoa(i)
		}
		return s.appealFailed(c, err, func(d *appealPageData) { d.Decision = f }, fields, "")
	}
	if cert != nil {
		s.flash(c, "flash.appeal.overturned_certificate", cert.Number)
		return redirect(c, "/certificates/"+cert.Number)
	}
	s.flash(c, "flash.appeal."+ap.Status, "")
	return redirect(c, "/appeals/"+ap.ID)
}
