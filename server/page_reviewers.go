package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

type reviewersData struct {
	Q           *assessments.Questionnaire
	Suggestions []assessments.Suggestion
	Overriding  string // reviewer ID whose conflict needs a reason
	Reason      string
}

// reviewersPage lists the assessment's reviewers and suggests others.
func (s *Server) reviewersPage(c echo.Context) error {
	return s.renderReviewers(c, http.StatusOK, reviewersData{}, nil)
}

func (s *Server) renderReviewers(c echo.Context, status int, d reviewersData, verr *assessments.ValidationError) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	q, err := s.svc.LoadQuestionnaire(ctx, a, id)
	if err != nil {
		return err
	}
	sugg, err := s.svc.SuggestReviewers(ctx, a, id)
	if err != nil {
		return err
	}
	d.Q, d.Suggestions = q, sugg
	p := s.newPage(c, "reviewers.title", d)
	if verr != nil {
		p.withErrors(verr, "override_reason")
	}
	return s.render(c, status, "reviewers", p)
}

// reviewerAssign assigns a reviewer; a conflict asks for a reason first.
func (s *Server) reviewerAssign(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in assignRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	asg, err := s.svc.Assign(ctx, a, id, in.UserID, in.OverrideReason)
	var conflict *assessments.ConflictError
	if errors.As(err, &conflict) && conflict.Key == "error.reviewer_conflict" {
		// The page asks for the override reason the conflict needs, on
		// its field.
		verr := &assessments.ValidationError{}
		verr.Add("override_reason", "error.override_reason_required", nil)
		return s.renderReviewers(c, http.StatusConflict, reviewersData{Overriding: in.UserID, Reason: in.OverrideReason}, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.reviewer_assigned", asg.Reviewer.Name)
	return redirect(c, "/assessments/"+id+"/reviewers")
}
