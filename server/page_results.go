package server

import (
	"net/http"
	"strconv"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"

	"github.com/labstack/echo/v4"
)

type resultsData struct {
	Con         *assessments.Consolidation
	Conditions  []models.Condition
	Certificate *models.Certificate
	Status      string
	// Summary is what the page leads with: sections beside the network,
	// strengths and what to improve first.
	Summary *assessments.ResultsSummary
}

// Title is a criterion's title, so the page names criteria, not codes.
func (d resultsData) Title(code string) framework.Text {
	c, _ := d.Con.Q.Framework.Criterion(code)
	return c.Title
}

// MinPeers is the k rule's threshold, for the withheld-median text.
func (resultsData) MinPeers() int { return assessments.BenchmarkMinPeers }

// Bar is the width of a score's bar on the summary chart (0-100 for 0-4).
func (resultsData) Bar(v *float64) string {
	return strconv.FormatFloat(min(max(*v, 0), 4)*25, 'f', 1, 64)
}

// Marker is where the network median's line starts on the chart, kept
// inside it.
func (resultsData) Marker(v *float64) string {
	return strconv.FormatFloat(min(max(*v, 0)*25, 98.5), 'f', 1, 64)
}

// results shows the decided assessment: a summary first (each section
// beside the network median, strengths, what to improve first), then the
// reviewers' scores and comments (which the manager sees only now), the
// conditions and the certificate.
func (s *Server) results(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	con, conds, err := s.svc.DecidedResults(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	d := resultsData{Con: con, Conditions: conds}
	if d.Certificate, err = s.svc.CertificateForAssessment(ctx, a, id); err != nil {
		return err
	}
	if d.Certificate != nil {
		d.Status = s.svc.CertificateStatus(d.Certificate)
	}
	if d.Summary, err = s.svc.ResultsSummary(ctx, a, con, d.Conditions); err != nil {
		return err
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
