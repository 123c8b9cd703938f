package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type auditData struct {
	Items    []models.AuditEntry
	Action   string
	ObjectID string
	Pager    Pager
}

// auditLog shows the audit trail, newest first, filterable by action and
// by the person or object concerned.
func (s *Server) auditLog(c echo.Context) error {
	q := assessments.AuditQuery{Action: c.QueryParam("action"), ObjectID: c.QueryParam("object"), Page: pageNumber(c)}
	q.Page.Size = 50
	items, total, err := s.svc.ListAudit(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := auditData{Items: items, Action: q.Action, ObjectID: q.ObjectID, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "audit", s.newPage(c, "audit.title", data))
}
