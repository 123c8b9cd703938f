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

// auditFilter is the audit trail's query string.
type auditFilter struct {
	Action   string `query:"action"`
	ObjectID string `query:"object"`
	Page     int    `query:"page"`
}

// auditLog shows the audit trail, newest first, 50 a page, filterable by
// action and by the person or object concerned.
func (s *Server) auditLog(c echo.Context) error {
	var f auditFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := assessments.AuditQuery{Action: f.Action, ObjectID: f.ObjectID, Page: pageQuery{f.Page}.page(50)}
	items, total, err := s.svc.ListAudit(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := auditData{Items: items, Action: q.Action, ObjectID: q.ObjectID, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "audit", s.newPage(c, "audit.title", data))
}
