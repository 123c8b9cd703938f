package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiCurrentFramework shows the published framework new assessments use,
// in the caller's language where translated.
func (s *Server) apiCurrentFramework(c echo.Context) error {
	row, f, err := s.svc.CurrentFramework(c.Request().Context())
	if err != nil {
		return err
	}
	lang := localizer(c).Lang
	type criterionJSON struct {
		Code      string   `json:"code"`
		Title     string   `json:"title"`
		Guidance  string   `json:"guidance"`
		Evidence  string   `json:"evidence"`
		Mandatory bool     `json:"mandatory"`
		Critical  bool     `json:"critical"`
		Channels  []string `json:"channels"`
	}
	type sectionJSON struct {
		Code     string          `json:"code"`
		Title    string          `json:"title"`
		Criteria []criterionJSON `json:"criteria"`
	}
	sections := make([]sectionJSON, 0, len(f.Sections))
	for _, sec := range f.Sections {
		title, _ := sec.Title.In(lang)
		sj := sectionJSON{Code: sec.Code, Title: title}
		for _, cr := range sec.Criteria {
			t, _ := cr.Title.In(lang)
			g, _ := cr.Guidance.In(lang)
			e, _ := cr.Evidence.In(lang)
			sj.Criteria = append(sj.Criteria, criterionJSON{Code: cr.Code, Title: t, Guidance: g, Evidence: e, Mandatory: cr.Mandatory, Critical: cr.Critical, Channels: cr.Channels})
		}
		sections = append(sections, sj)
	}
	return c.JSON(http.StatusOK, map[string]any{
		"id": row.ID, "code": row.Code, "version": row.Version, "title": row.Title, "sections": sections,
	})
}
