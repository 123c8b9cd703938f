package server

import (
	"errors"
	"hotlineportal/assessments"
	"net/http"

	"github.com/labstack/echo/v4"
)

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
