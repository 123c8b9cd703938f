package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// apiDecide records the decision and issues the certificate.
func (s *Server) apiDecide(c echo.Context) error {
	var in assessments.DecisionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	d, cert, err := s.svc.Decide(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	out := map[string]any{"outcome": d.Outcome, "proposed_outcome": d.ProposedOutcome, "certificate": nil}
	if cert != nil {
		out["certificate"] = map[string]string{"number": cert.Number, "valid_from": rfc3339(cert.ValidFrom), "valid_until": rfc3339(cert.ValidUntil)}
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) certificateJSON(cert *models.Certificate) map[string]any {
	return map[string]any{
		"number": cert.Number, "hotline": cert.HotlineName, "hotline_id": cert.HotlineID, "country": cert.Country,
		"status": s.svc.CertificateStatus(cert), "outcome": cert.Outcome, "valid_from": rfc3339(cert.ValidFrom),
		"valid_until": rfc3339(cert.ValidUntil), "framework_version": cert.FrameworkVersion, "channels": []string(cert.Channels),
		"suspension_reason": cert.SuspensionReason, "revocation_reason": cert.RevocationReason,
	}
}

// apiCertificate shows a certificate to the secretariat or its hotline's
// manager.
func (s *Server) apiCertificate(c echo.Context) error {
	cert, err := s.svc.GetCertificate(c.Request().Context(), actor(c), c.Param("number"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.certificateJSON(cert))
}

// certificatePDF sends the certificate PDF (API and pages).
func (s *Server) certificatePDF(c echo.Context) error {
	pdf, cert, err := s.svc.CertificatePDF(c.Request().Context(), actor(c), c.Param("number"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="certificate-`+cert.Number+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
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

// reasonRequest is a certificate action (suspend, reinstate, revoke) with
// its reason and, for a suspension, the date it ends (none: until
// reinstated); the API and the confirmation page alike.
type reasonRequest struct {
	Reason string `json:"reason" form:"reason"`
	Until  string `json:"until" form:"until" validate:"date"`
}

// until is the end of a suspension, which bind has checked is a date or
// blank.
func (r reasonRequest) until() *time.Time {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(r.Until))
	if err != nil {
		return nil
	}
	return &t
}

// apiCertificateAction suspends, reinstates or revokes a certificate.
func (s *Server) apiCertificateAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req reasonRequest
		if err := bind(c, &req); err != nil {
			return err
		}
		cert, err := s.changeCertificate(c, action, req)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, s.certificateJSON(cert))
	}
}

// changeCertificate applies a certificate action for the API and pages.
func (s *Server) changeCertificate(c echo.Context, action string, req reasonRequest) (*models.Certificate, error) {
	ctx, a, number := c.Request().Context(), actor(c), c.Param("number")
	switch action {
	case "suspend":
		return s.svc.Suspend(ctx, a, number, req.Reason, req.until())
	case "reinstate":
		return s.svc.Reinstate(ctx, a, number, req.Reason)
	}
	return s.svc.Revoke(ctx, a, number, req.Reason)
}

// apiPublicCertificate is the public verification in JSON.
func (s *Server) apiPublicCertificate(c echo.Context) error {
	p, err := s.svc.VerifyCertificate(c.Request().Context(), c.Param("number"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSON(http.StatusOK, p)
}

// registerFilter is the query string of the public register, page and
// API.
type registerFilter struct {
	Country string `query:"country"`
}

// apiPublicRegister lists the currently accredited hotlines.
func (s *Server) apiPublicRegister(c echo.Context) error {
	var f registerFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, err := s.svc.Register(c.Request().Context(), f.Country)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// noteRequest is what a manager says was done to meet a condition, in the
// API and on the results page.
type noteRequest struct {
	Note string `json:"note" form:"note"`
}

// apiConditionEvidence and apiConditionAccept track conditions.
func (s *Server) apiConditionEvidence(c echo.Context) error {
	var req noteRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	cond, err := s.svc.SubmitConditionEvidence(c.Request().Context(), actor(c), c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": cond.ID, "status": cond.Status})
}

func (s *Server) apiConditionAccept(c echo.Context) error {
	cond, err := s.svc.AcceptCondition(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": cond.ID, "status": cond.Status})
}
