package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
)

// evidenceAccessJSON is one download in the API: the downloader by role
// and pseudonym; the person (id and name) for the secretariat only.
type evidenceAccessJSON struct {
	At           string          `json:"at"`
	EvidenceID   string          `json:"evidence_id"`
	Filename     string          `json:"filename"`
	Criterion    string          `json:"criterion"`
	AppealID     *string         `json:"appeal_id"`
	AssessmentID string          `json:"assessment_id"`
	Role         string          `json:"role"`
	Pseudonym    string          `json:"pseudonym"`
	User         *accessUserJSON `json:"user,omitempty"`
}

type accessUserJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// apiEvidenceAccess pages the hotline's evidence downloads, newest first,
// 100 a page.
func (s *Server) apiEvidenceAccess(c echo.Context) error {
	var q pageQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	a := actor(c)
	page := q.page(100)
	entries, total, err := s.svc.EvidenceAccessLog(c.Request().Context(), a, c.Param("id"), page)
	if err != nil {
		return err
	}
	loc := localizer(c)
	out := make([]evidenceAccessJSON, 0, len(entries))
	for _, e := range entries {
		j := evidenceAccessJSON{
			At: rfc3339(e.At), EvidenceID: e.EvidenceID, Filename: e.Filename, Criterion: e.Criterion, AssessmentID: e.AssessmentID,
			Role: e.Who.Kind, Pseudonym: downloaderLabel(loc, e.Who),
		}
		if e.AppealID != "" {
			id := e.AppealID
			j.AppealID = &id
		}
		if a.Is(models.RoleSecretariat) && e.UserID != "" {
			j.User = &accessUserJSON{ID: e.UserID, Name: e.UserName}
		}
		out = append(out, j)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "page": page.Number})
}
