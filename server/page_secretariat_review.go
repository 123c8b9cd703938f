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

// consolidationPage shows every reviewer's scores side by side, the
// disagreements and the proposed outcome.
func (s *Server) consolidationPage(c echo.Context) error {
	con, err := s.svc.LoadConsolidation(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "consolidation", s.newPage(c, "consolidation.title", con))
}

// reconcileSend asks both reviewers to reconcile one criterion.
func (s *Server) reconcileSend(c echo.Context) error {
	id := c.Param("id")
	var in reconcileRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	err := s.svc.AskToReconcile(c.Request().Context(), actor(c), id, in.Criterion, in.Message)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		con, lerr := s.svc.LoadConsolidation(c.Request().Context(), actor(c), id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "consolidation.title", con).withErrors(verr, "message", "criterion")
		return s.render(c, http.StatusUnprocessableEntity, "consolidation", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.reconcile_sent", in.Criterion)
	return redirect(c, "/assessments/"+id+"/consolidation")
}

// notificationsPage lists the user's notifications and marks them read.
func (s *Server) notificationsPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	items, unread, err := s.svc.Notifications(ctx, a, 100)
	if err != nil {
		return err
	}
	if unread > 0 {
		if err := s.svc.MarkNotificationsRead(ctx, a); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "notifications", s.newPage(c, "notifications.title", items))
}
