package server

import (
	"errors"
	"hotlineportal/assessments"
	"net/http"

	"github.com/labstack/echo/v4"
)

// verifyPage is the public verification page a QR code opens.
func (s *Server) verifyPage(c echo.Context) error {
	p, err := s.svc.VerifyCertificate(c.Request().Context(), c.Param("number"))
	if errors.Is(err, assessments.ErrNotFound) {
		page := s.newPage(c, "verify.not_found.title", map[string]string{"Number": c.Param("number")})
		return s.render(c, http.StatusNotFound, "verify_not_found", page)
	}
	if err != nil {
		return err
	}
	check, err := s.svc.CheckCredential(c.Request().Context(), p.Number)
	if err != nil {
		// The record still answers; the page says the check could not run.
		s.log.Error("check credential", "number", p.Number, "err", err)
	}
	page := s.newPage(c, "", verifyView{PublicCertificate: p, Check: check})
	page.Title = page.T("verify.title", "Number", p.Number)
	return s.render(c, http.StatusOK, "verify", page)
}

// verifyView is the certificate as the public sees it and what the page
// found by checking its credential and status lists itself (nil when the
// check could not run).
type verifyView struct {
	*assessments.PublicCertificate
	Check *assessments.CredentialCheck
}

// verifyQuery is a certificate number typed on the register page.
type verifyQuery struct {
	Number string `query:"number"`
}

// verifyLookup sends a number typed on the register page to its page.
func (s *Server) verifyLookup(c echo.Context) error {
	var q verifyQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	if q.Number == "" {
		return redirect(c, "/register")
	}
	return c.Redirect(http.StatusSeeOther, "/verify/"+q.Number)
}
