package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// exportsData is the exports page: the filters as given and the framework
// versions to choose from.
type exportsData struct {
	Filter   exportFilter
	Versions []string
	Formats  []string
}

// exportsPage explains what the scores export holds and offers it in each
// format, filtered by country, framework version or one assessment
// (secretariat).
func (s *Server) exportsPage(c echo.Context) error {
	var f exportFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	return s.renderExports(c, http.StatusOK, f, nil)
}

func (s *Server) renderExports(c echo.Context, status int, f exportFilter, verr *assessments.ValidationError) error {
	frameworks, err := s.svc.ListFrameworks(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	data := exportsData{Filter: f, Formats: []string{"csv", "xlsx", "json"}}
	seen := map[string]bool{}
	for _, fw := range frameworks {
		if !seen[fw.Version] {
			seen[fw.Version] = true
			data.Versions = append(data.Versions, fw.Version)
		}
	}
	p := s.newPage(c, "export.title", data)
	if verr != nil {
		p = p.withErrors(verr, "country", "framework_version", "assessment_id")
	}
	return s.render(c, status, "exports", p)
}

// exportScoresPage is the download of the exports page: the API's handler
// under the cookie session, except that a filter at fault shows the form
// again with the message rather than a JSON error.
func (s *Server) exportScoresPage(format string) echo.HandlerFunc {
	download := s.exportScores(format)
	return func(c echo.Context) error {
		err := download(c)
		var verr *assessments.ValidationError
		if errors.As(err, &verr) && !c.Response().Committed {
			var f exportFilter
			_ = decodeValues(&f, "query", c.QueryParams(), nil)
			return s.renderExports(c, http.StatusUnprocessableEntity, f, verr)
		}
		return err
	}
}
