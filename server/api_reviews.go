package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// apiSaveScore saves an assigned reviewer's score of one criterion.
func (s *Server) apiSaveScore(c echo.Context) error {
	var in assessments.ScoreInput
	if err := bind(c, &in); err != nil {
		return err
	}
	version, err := s.svc.SaveScore(c.Request().Context(), actor(c), c.Param("id"), c.Param("criterion"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"version": version})
}

// apiRequestClarification sends chosen criteria back to the manager.
func (s *Server) apiRequestClarification(c echo.Context) error {
	var in assessments.ClarificationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.svc.RequestClarification(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"status": "changes_requested", "criteria": in.Criteria})
}

// apiSubmitReview records a reviewer's final recommendation.
func (s *Server) apiSubmitReview(c echo.Context) error {
	var in assessments.ReviewInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.SubmitReview(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"id": r.ID, "recommendation": r.Recommendation, "summary": r.Summary, "submitted_at": rfc3339(r.SubmittedAt),
	})
}

// reconcileRequest asks the reviewers to reconcile their scores of one
// criterion, in the API and on the consolidation page.
type reconcileRequest struct {
	Criterion string `json:"criterion" form:"criterion"`
	Message   string `json:"message" form:"message"`
}

// apiReconcile asks both reviewers to reconcile a disagreement.
func (s *Server) apiReconcile(c echo.Context) error {
	var req reconcileRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.svc.AskToReconcile(c.Request().Context(), actor(c), c.Param("id"), req.Criterion, req.Message); err != nil {
		return err
	}
	return c.NoContent(http.StatusCreated)
}
