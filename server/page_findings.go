package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// findingsData is the findings page: the findings once shared (nil for
// the manager before that: the page then says how the right of reply
// works), the reply window, and the reply being typed when a save failed.
type findingsData struct {
	ID       string
	F        *assessments.Findings
	Window   *assessments.ReplyWindow
	Days     int
	CanReply bool
	Form     replyForm
}

// replyForm is one reply form of the findings page: Criterion is blank on
// the overall one.
type replyForm struct {
	Criterion string `form:"criterion"`
	Text      string `form:"text"`
	Final     bool   `form:"final"`
}

// FieldID is the id of the form's text field ("text-LEG-01",
// "text-overall"), so that each of the page's forms has its own.
func (f replyForm) FieldID() string { return replyFieldID(f.Criterion) }

func replyFieldID(criterion string) string {
	if criterion == "" {
		return "text-overall"
	}
	return "text-" + criterion
}

// findingsPage shows the hotline's manager the shared findings and the
// reply forms; the secretariat sees what the hotline sees.
func (s *Server) findingsPage(c echo.Context) error {
	return s.renderFindings(c, http.StatusOK, replyForm{}, nil)
}

// renderFindings shows the findings page with a form's typed text and its
// errors, if any.
func (s *Server) renderFindings(c echo.Context, status int, form replyForm, verr *assessments.ValidationError) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	data := findingsData{ID: id, Days: s.svc.Options().ReplyDays, Form: form}
	f, err := s.svc.Findings(ctx, a, id)
	switch {
	case errors.Is(err, assessments.ErrNotFound):
		// Not shared yet (or not this manager's: then a 404 below).
		if data.Window, err = s.svc.ReplyWindowOf(ctx, a, id); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		data.F, data.Window = f, f.Window
		data.CanReply = a.Is(models.RoleManager) && f.Window.Open
	}
	title := "findings.heading"
	if a.Is(models.RoleSecretariat) {
		title = "findings.heading_secretariat"
	}
	p := s.newPage(c, title, data)
	if verr != nil {
		p = p.withErrors(verr, form.FieldID())
	}
	return s.render(c, status, "findings", p)
}

// replySend records a reply from the findings page; on a mistake, or when
// the window has closed meanwhile, the page comes back with the message
// and what was typed.
func (s *Server) replySend(c echo.Context) error {
	id := c.Param("id")
	var form replyForm
	if err := bind(c, &form); err != nil {
		return err
	}
	form.Criterion = strings.TrimSpace(form.Criterion)
	criterion := form.Criterion
	_, err := s.svc.Reply(c.Request().Context(), actor(c), id, assessments.ReplyInput{Criterion: &criterion, Text: form.Text, Final: form.Final})
	var verr *assessments.ValidationError
	var conflict *assessments.ConflictError
	switch {
	case errors.As(err, &verr):
		if _, bad := verr.Fields["criterion"]; bad {
			// Not a criterion of the page: the text comes back in the
			// overall form, where it can be sent.
			form.Criterion = ""
		}
		return s.renderFindings(c, http.StatusUnprocessableEntity, form, replyErrors(verr, form))
	case errors.As(err, &conflict):
		return s.renderFindings(c, http.StatusConflict, form, replyErrors(&assessments.ValidationError{
			Fields: map[string]assessments.FieldMessage{"text": {Key: conflict.Key}}}, form))
	case err != nil:
		return err
	}
	if form.Final {
		s.flash(c, "flash.reply_final", "")
	} else {
		s.flash(c, "flash.reply_sent", "")
	}
	anchor := "overall"
	if form.Criterion != "" {
		anchor = "c-" + form.Criterion
	}
	return redirect(c, "/assessments/"+id+"/findings#"+anchor)
}

// replyErrors puts a reply's problems on the text field of the form it
// came from (the one field people type in), the text's first.
func replyErrors(verr *assessments.ValidationError, form replyForm) *assessments.ValidationError {
	out := &assessments.ValidationError{}
	for _, name := range []string{"text", "criterion"} {
		if m, ok := verr.Fields[name]; ok {
			out.Add(form.FieldID(), m.Key, m.Data)
		}
	}
	return out
}

// findingsShare shares the findings from the consolidation page
// (secretariat).
func (s *Server) findingsShare(c echo.Context) error {
	id := c.Param("id")
	share, err := s.svc.ShareFindings(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	s.flash(c, "flash.findings_shared", assessments.FormatDate(localizer(c), share.ReplyDueAt))
	return redirect(c, "/assessments/"+id+"/consolidation#reply-heading")
}
