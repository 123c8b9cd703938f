package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/server/openapi"
)

// openAPIRoutes declares the API's machine-readable description (issue 17):
// public, so integrators can generate clients before they hold a token.
func (s *Server) openAPIRoutes() {
	s.echo.GET("/api/v1/openapi.json", s.apiOpenAPI)
}

// apiOpenAPI serves the merged OpenAPI document. It changes only with a new
// release, so caches may keep it for an hour and revalidate it by its ETag.
func (s *Server) apiOpenAPI(c echo.Context) error {
	doc, err := openapi.Document()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(doc)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("ETag", etag)
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, doc)
}
