package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

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
