package server

import (
	"hotlineportal/assessments"
	"hotlineportal/models"
	"net/http"

	"github.com/labstack/echo/v4"
)

type resultsData struct {
	Con         *assessments.Consolidation
	Conditions  []models.Condition
	Certificate *models.Certificate
	Status      string
}

// results shows the decided assessment: the reviewers' scores and
// comments (which the manager sees only now), the conditions and the
// certificate.
func (s *Server) results(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	con, err := s.svc.LoadConsolidation(ctx, a, id)
	if err != nil {
		return err
	}
	if con.Q.Assessment.Status != models.StatusDecided {
		return assessments.ErrNotFound
	}
	d := resultsData{Con: con}
	if d.Conditions, err = s.svc.Conditions(ctx, a, id); err != nil {
		return err
	}
	if d.Certificate, err = s.svc.CertificateForAssessment(ctx, a, id); err != nil {
		return err
	}
	if d.Certificate != nil {
		d.Status = s.svc.CertificateStatus(d.Certificate)
	}
	return s.render(c, http.StatusOK, "results", s.newPage(c, "results.title", d))
}

// reportPDF sends the assessment report PDF after the decision.
func (s *Server) reportPDF(c echo.Context) error {
	pdf, err := s.svc.ReportPDF(c.Request().Context(), actor(c), c.Param("id"), localizer(c).Lang)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="assessment-report.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}
