package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
)

func (s *Server) certificateJSON(c echo.Context, cert *models.Certificate) (map[string]any, error) {
	hash, err := s.svc.DossierHash(c.Request().Context(), cert)
	if err != nil {
		return nil, err
	}
	var dossier any
	if hash != "" {
		dossier = hash
	}
	out := s.certificateSummary(cert)
	out["dossier_sha256"] = dossier
	return out, nil
}

// certificateSummary is a certificate as the list shows it: everything but
// the dossier's hash, which one certificate's own answer gives.
func (s *Server) certificateSummary(cert *models.Certificate) map[string]any {
	return map[string]any{
		"number": cert.Number, "hotline": cert.HotlineName, "hotline_id": cert.HotlineID, "country": cert.Country,
		"status": s.svc.CertificateStatus(cert), "outcome": cert.Outcome, "valid_from": rfc3339(cert.ValidFrom),
		"valid_until": rfc3339(cert.ValidUntil), "framework_version": cert.FrameworkVersion, "channels": []string(cert.Channels),
		"suspension_reason": cert.SuspensionReason, "revocation_reason": cert.RevocationReason,
	}
}

// apiCertificates lists the certificates the caller may see (the
// secretariat all, a manager their hotline's), newest first as on the
// certificates page, 100 a page.
func (s *Server) apiCertificates(c echo.Context) error {
	var f pageQuery
	if err := bind(c, &f); err != nil {
		return err
	}
	page := f.page(100)
	items, total, err := s.svc.ListCertificates(c.Request().Context(), actor(c), page)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(items))
	for i := range items {
		out = append(out, s.certificateSummary(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "page": page.Number})
}

// apiCertificate shows a certificate to the secretariat or its hotline's
// manager.
func (s *Server) apiCertificate(c echo.Context) error {
	cert, err := s.svc.GetCertificate(c.Request().Context(), actor(c), c.Param("number"))
	if err != nil {
		return err
	}
	body, err := s.certificateJSON(c, cert)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, body)
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
		body, err := s.certificateJSON(c, cert)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, body)
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
