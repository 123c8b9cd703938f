package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// accessibilityStatement is the statement the Web Accessibility Directive
// asks public bodies to publish.
func (s *Server) accessibilityStatement(c echo.Context) error {
	return s.render(c, http.StatusOK, "accessibility", s.newPage(c, "accessibility.title", nil))
}

// privacyNotice says what personal data the portal keeps and why.
func (s *Server) privacyNotice(c echo.Context) error {
	return s.render(c, http.StatusOK, "privacy", s.newPage(c, "privacy.title", nil))
}
