package server

import (
	"errors"
	"hotlineportal/assessments"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// consolidationPage shows every reviewer's scores side by side, the
// disagreements and the proposed outcome.
func (s *Server) consolidationPage(c echo.Context) error {
	con, err := s.svc.LoadConsolidation(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	data, err := s.consolidationView(c, con)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "consolidation", s.newPage(c, "consolidation.title", data))
}

// consolidationData is the consolidation page's payload: the
// consolidation, and (issue 16) the hotline's right of reply with the
// deadline a share made now would set.
type consolidationData struct {
	*assessments.Consolidation
	Replies   *assessments.ReplyWindow
	ReplyDue  time.Time
	ReplyDays int
}

// consolidationView adds the reply window to a consolidation.
func (s *Server) consolidationView(c echo.Context, con *assessments.Consolidation) (consolidationData, error) {
	w, err := s.svc.ReplyWindowOf(c.Request().Context(), actor(c), con.Q.Assessment.ID)
	return consolidationData{Consolidation: con, Replies: w, ReplyDue: s.svc.ReplyDeadline(), ReplyDays: s.svc.Options().ReplyDays}, err
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
		data, lerr := s.consolidationView(c, con)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "consolidation.title", data).withErrors(verr, "message", "criterion")
		return s.render(c, http.StatusUnprocessableEntity, "consolidation", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.reconcile_sent", in.Criterion)
	return redirect(c, "/assessments/"+id+"/consolidation")
}
