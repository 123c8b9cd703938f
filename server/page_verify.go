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
	page := s.newPage(c, "", p)
	page.Title = page.T("verify.title", "Number", p.Number)
	return s.render(c, http.StatusOK, "verify", page)
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
