package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// certificateRow is one certificate of the list with its status now.
type certificateRow struct {
	models.Certificate
	Status string
}

type certificateListData struct {
	Items []certificateRow
	Pager Pager
}

// certificateList lists issued certificates with their status.
func (s *Server) certificateList(c echo.Context) error {
	var f pageQuery
	if err := bind(c, &f); err != nil {
		return err
	}
	page := f.page(pageSize)
	items, total, err := s.svc.ListCertificates(c.Request().Context(), actor(c), page)
	if err != nil {
		return err
	}
	rows := make([]certificateRow, len(items))
	for i := range items {
		rows[i] = certificateRow{Certificate: items[i], Status: s.svc.CertificateStatus(&items[i])}
	}
	return s.render(c, http.StatusOK, "certificates", s.newPage(c, "certificates.title",
		certificateListData{Items: rows, Pager: newPager(c, page, total)}))
}

type certificateData struct {
	Cert   *models.Certificate
	Status string
	Action string
	Reason string
	Until  string
	// DossierSHA256 and VerifyURL are what the hotline shows and embeds
	// elsewhere (the certificate page only).
	DossierSHA256, VerifyURL string
}

// certificateShow shows a certificate with its status and, for the
// secretariat, the actions on it.
func (s *Server) certificateShow(c echo.Context) error {
	cert, err := s.svc.GetCertificate(c.Request().Context(), actor(c), c.Param("number"))
	if err != nil {
		return err
	}
	hash, err := s.svc.DossierHash(c.Request().Context(), cert)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", certificateData{
		Cert: cert, Status: s.svc.CertificateStatus(cert), DossierSHA256: hash, VerifyURL: s.svc.VerifyURL(cert.Number),
	})
	p.Title = p.T("certificate.page_title", "Number", cert.Number)
	return s.render(c, http.StatusOK, "certificate", p)
}

// certificateActionForm confirms a suspension or revocation on its own
// page, naming the certificate, with the reason to give.
func (s *Server) certificateActionForm(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		cert, err := s.svc.GetCertificate(c.Request().Context(), actor(c), c.Param("number"))
		if err != nil {
			return err
		}
		if !actor(c).Is(models.RoleSecretariat) {
			return assessments.ErrForbidden
		}
		return s.render(c, http.StatusOK, "certificate_action", s.newPage(c, "certificate."+action+".title",
			certificateData{Cert: cert, Status: s.svc.CertificateStatus(cert), Action: action}))
	}
}

// certificateAction suspends, reinstates or revokes from the pages.
func (s *Server) certificateAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req reasonRequest
		err := bind(c, &req)
		var cert *models.Certificate
		if err == nil {
			cert, err = s.changeCertificate(c, action, req)
		}
		var verr *assessments.ValidationError
		if errors.As(err, &verr) {
			current, gerr := s.svc.GetCertificate(c.Request().Context(), actor(c), c.Param("number"))
			if gerr != nil {
				return gerr
			}
			p := s.newPage(c, "certificate."+action+".title", certificateData{Cert: current, Status: s.svc.CertificateStatus(current), Action: action, Reason: req.Reason, Until: req.Until})
			return s.render(c, http.StatusUnprocessableEntity, "certificate_action", p.withErrors(verr, "reason", "until"))
		}
		if err != nil {
			return err
		}
		s.flash(c, "flash.certificate_"+action, cert.Number)
		return redirect(c, "/certificates/"+cert.Number)
	}
}
