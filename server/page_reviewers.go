package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

type reviewersData struct {
	Q           *assessments.Questionnaire
	Suggestions []assessments.Suggestion
	Overriding  string // reviewer ID whose conflict needs a reason
	Reason      string
	// Dues are the assigned reviewers with their due dates.
	Dues []assessments.ReviewerDue
	// Form names the form shown again with an error ("assign", "due",
	// "deadline"), For the reviewer it was about, Value what was typed.
	Form, For, Value string
	// ReviewDays is how long a review takes when no due date is given.
	ReviewDays int
}

// reviewersPage lists the assessment's reviewers and suggests others.
func (s *Server) reviewersPage(c echo.Context) error {
	return s.renderReviewers(c, http.StatusOK, reviewersData{}, nil)
}

func (s *Server) renderReviewers(c echo.Context, status int, d reviewersData, verr *assessments.ValidationError) error {
	ch, err := s.svc.ChooseReviewers(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	d.Q, d.Suggestions, d.Dues, d.ReviewDays = ch.Q, ch.Suggestions, ch.Dues, s.svc.Options().ReviewDays
	p := s.newPage(c, "reviewers.title", d)
	if verr != nil {
		p.withErrors(verr, "override_reason", "assign_due_at", "due_at", "deadline")
	}
	return s.render(c, status, "reviewers", p)
}

// reviewerAssign assigns a reviewer; a conflict asks for a reason first.
func (s *Server) reviewerAssign(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in assignRequest
	if err := bind(c, &in); err != nil {
		var verr *assessments.ValidationError
		if !errors.As(err, &verr) {
			return err
		}
		// A due date that is not a date, on the row it was typed in.
		verr = renamedField(verr, "due_at", "assign_due_at")
		return s.renderReviewers(c, http.StatusUnprocessableEntity, reviewersData{Form: "assign", For: in.UserID, Value: in.DueAt,
			Overriding: in.UserID, Reason: in.OverrideReason}, verr)
	}
	asg, err := s.svc.AssignDue(ctx, a, id, in.UserID, in.OverrideReason, assessments.ParseWhen(in.DueAt))
	var conflict *assessments.ConflictError
	if errors.As(err, &conflict) && conflict.Key == "error.reviewer_conflict" {
		// The page asks for the override reason the conflict needs, on
		// its field.
		verr := &assessments.ValidationError{}
		verr.Add("override_reason", "error.override_reason_required", nil)
		return s.renderReviewers(c, http.StatusConflict, reviewersData{Overriding: in.UserID, Reason: in.OverrideReason,
			Form: "assign", For: in.UserID, Value: in.DueAt}, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.reviewer_assigned", asg.Reviewer.Name)
	return redirect(c, "/assessments/"+id+"/reviewers")
}

// renamedField moves a field's problem to another name, for a page that
// has two forms with a field of the same name.
func renamedField(verr *assessments.ValidationError, from, to string) *assessments.ValidationError {
	out := &assessments.ValidationError{}
	for name, m := range verr.Fields {
		if name == from {
			name = to
		}
		out.Add(name, m.Key, m.Data)
	}
	return out
}

// dateForm is a page's one date field: a reviewer's due date or the
// submission deadline. Blank clears where clearing is allowed.
type dateForm struct {
	Value string `form:"value"`
}

// checkDate reads a page's date field: a date is required unless blank
// may clear it.
func checkDate(field, value string, blankClears bool) (*time.Time, *assessments.ValidationError) {
	when := assessments.ParseWhen(value)
	switch {
	case strings.TrimSpace(value) == "" && !blankClears:
		return nil, assessments.Invalid(field, "error.date").(*assessments.ValidationError)
	case strings.TrimSpace(value) != "" && when == nil:
		return nil, assessments.Invalid(field, "error.date").(*assessments.ValidationError)
	}
	return when, nil
}

// reviewerMoveDue moves a reviewer's due date from the reviewers page.
func (s *Server) reviewerMoveDue(c echo.Context) error {
	ctx, a, id, reviewer := c.Request().Context(), actor(c), c.Param("id"), c.Param("user_id")
	var f dateForm
	if err := bind(c, &f); err != nil {
		return err
	}
	due, verr := checkDate("due_at", f.Value, false)
	if verr != nil {
		return s.renderReviewers(c, http.StatusUnprocessableEntity, reviewersData{Form: "due", For: reviewer, Value: f.Value}, verr)
	}
	if _, err := s.svc.MoveReviewDue(ctx, a, id, reviewer, *due); err != nil {
		return err
	}
	s.flash(c, "flash.due_moved", "")
	return redirect(c, "/assessments/"+id+"/reviewers")
}

// assessmentSetDeadline sets, moves or (blank) clears the submission
// deadline from the reviewers page.
func (s *Server) assessmentSetDeadline(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var f dateForm
	if err := bind(c, &f); err != nil {
		return err
	}
	deadline, verr := checkDate("deadline", f.Value, true)
	if verr != nil {
		return s.renderReviewers(c, http.StatusUnprocessableEntity, reviewersData{Form: "deadline", Value: f.Value}, verr)
	}
	if _, err := s.svc.SetDeadline(ctx, a, id, deadline); err != nil {
		return err
	}
	if deadline == nil {
		s.flash(c, "flash.deadline_cleared", "")
	} else {
		s.flash(c, "flash.deadline_set", "")
	}
	return redirect(c, "/assessments/"+id+"/reviewers")
}
