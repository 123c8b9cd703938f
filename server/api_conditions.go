package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
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

// conditionJSON is a condition as the results page shows it: what is
// asked and by when, where it stands, and the manager's note.
type conditionJSON struct {
	ID           string  `json:"id"`
	Text         string  `json:"text"`
	DueAt        string  `json:"due_at"`
	Status       string  `json:"status"`
	EvidenceNote string  `json:"evidence_note"`
	SubmittedAt  *string `json:"submitted_at"`
	AcceptedAt   *string `json:"accepted_at"`
}

func conditionFrom(c *models.Condition) conditionJSON {
	return conditionJSON{ID: c.ID, Text: c.Text, DueAt: rfc3339(c.Deadline), Status: c.Status, EvidenceNote: c.EvidenceNote,
		SubmittedAt: optionalTime(c.SubmittedAt), AcceptedAt: optionalTime(c.AcceptedAt)}
}

// apiConditions lists a decided assessment's conditions, as on its
// results page and to the same people.
func (s *Server) apiConditions(c echo.Context) error {
	_, conds, err := s.svc.DecidedResults(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]conditionJSON, 0, len(conds))
	for i := range conds {
		out = append(out, conditionFrom(&conds[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": len(out)})
}
