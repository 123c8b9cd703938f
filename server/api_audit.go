package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// auditPerPage is the audit API's page size unless per_page says, and
// maxAuditPerPage the most it allows.
const (
	auditPerPage    = 50
	maxAuditPerPage = 100
)

// auditAPIFilter is the audit page's filter (action, the person or object
// concerned) with the API's page size.
type auditAPIFilter struct {
	auditFilter
	PerPage int `query:"per_page"`
}

// check refuses a page before the first or a size outside 1 to the
// maximum (422), and fills in the default size.
func (f *auditAPIFilter) check() error {
	verr := &assessments.ValidationError{}
	if f.Page < 0 {
		verr.Add("page", "api_admin.error.page", nil)
	}
	if f.PerPage < 0 || f.PerPage > maxAuditPerPage {
		verr.Add("per_page", "api_admin.error.per_page", map[string]any{"Max": maxAuditPerPage})
	}
	if f.PerPage == 0 {
		f.PerPage = auditPerPage
	}
	return verr.Err()
}

// apiAudit lists the audit trail, newest first, filtered as the audit page
// is: action (a prefix, such as "user." or "user.disable") and object (an
// ID, matching the entry's object or its actor).
func (s *Server) apiAudit(c echo.Context) error {
	var f auditAPIFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	q := assessments.AuditQuery{Action: f.Action, ObjectID: f.ObjectID, Page: pageQuery{f.Page}.page(f.PerPage)}
	items, total, err := s.svc.ListAudit(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	if items == nil {
		items = []models.AuditEntry{}
	}
	for i := range items {
		items[i].At = items[i].At.UTC()
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": total, "page": q.Page.Number, "per_page": f.PerPage})
}
