package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// evidenceAccessData is the evidence access log page: the hotline, one
// page of downloads and whether names are shown (the secretariat only).
type evidenceAccessData struct {
	Hotline   *models.Hotline
	Items     []evidenceAccessItem
	ShowNames bool
	Pager     Pager
}

// evidenceAccessItem is one download as the page shows it.
type evidenceAccessItem struct {
	assessments.AccessEntry
	Who string
}

// evidenceAccessPage lists who downloaded the hotline's evidence files,
// newest first, 25 a page.
func (s *Server) evidenceAccessPage(c echo.Context) error {
	var q pageQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	h, err := s.svc.GetHotline(ctx, a, c.Param("id"))
	if err != nil {
		return err
	}
	page := q.page(pageSize)
	entries, total, err := s.svc.EvidenceAccessLog(ctx, a, h.ID, page)
	if err != nil {
		return err
	}
	loc := localizer(c)
	data := evidenceAccessData{Hotline: h, ShowNames: a.Is(models.RoleSecretariat), Pager: newPager(c, page, total)}
	for _, e := range entries {
		data.Items = append(data.Items, evidenceAccessItem{AccessEntry: e, Who: downloaderLabel(loc, e.Who)})
	}
	return s.render(c, http.StatusOK, "evidence_access", s.newPage(c, "retention.access.title", data))
}
