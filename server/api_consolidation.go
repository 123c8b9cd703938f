package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiConsolidation shows the consolidated scores and the proposed outcome
// (secretariat).
func (s *Server) apiConsolidation(c echo.Context) error {
	con, err := s.svc.LoadConsolidation(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	loc := localizer(c)
	type reasonJSON struct {
		Key      string   `json:"key"`
		Message  string   `json:"message"`
		Criteria []string `json:"criteria,omitempty"`
	}
	reasons := make([]reasonJSON, 0, len(con.Result.Reasons))
	for _, r := range con.Result.Reasons {
		reasons = append(reasons, reasonJSON{Key: r.Key, Criteria: r.Criteria, Message: reasonText(loc, r)})
	}
	reviewers := make([]map[string]any, 0, len(con.Assignments))
	for _, a := range con.Assignments {
		reviewers = append(reviewers, map[string]any{"user_id": a.ReviewerID, "name": a.Reviewer.Name, "country": a.Reviewer.Country, "status": a.Status})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"status":            con.Q.Assessment.Status,
		"reviewers":         reviewers,
		"criteria":          con.Result.Criteria,
		"sections":          con.Result.Sections,
		"overall":           con.Result.Overall,
		"desirable_percent": con.Result.DesirablePercent,
		"proposed_outcome":  con.Result.Proposed,
		"reasons":           reasons,
		"conditional":       con.Result.Conditional,
		"unscored":          con.Result.Unscored,
	})
}
