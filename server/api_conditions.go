package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// noteRequest is what a manager says was done to meet a condition, in the
// API and on the results page.
type noteRequest struct {
	Note string `json:"note" form:"note"`
}

// apiConditionEvidence and apiConditionAccept track conditions.
func (s *Server) apiConditionEvidence(c echo.Context) error {
	var req noteRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	cond, err := s.svc.SubmitConditionEvidence(c.Request().Context(), actor(c), c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": cond.ID, "status": cond.Status})
}

func (s *Server) apiConditionAccept(c echo.Context) error {
	cond, err := s.svc.AcceptCondition(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": cond.ID, "status": cond.Status})
}
