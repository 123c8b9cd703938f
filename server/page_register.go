package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// registerPage is the public register of accredited hotlines.
func (s *Server) registerPage(c echo.Context) error {
	var f registerFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, err := s.svc.Register(c.Request().Context(), f.Country)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "register", s.newPage(c, "register.title", map[string]any{"Items": items, "Country": f.Country}))
}
