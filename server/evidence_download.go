package server

import (
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// downloadEvidence sends an evidence file as an attachment that the
// browser must never render: nosniff, a sandboxing CSP, and the type
// recorded when its content was checked.
func (s *Server) downloadEvidence(c echo.Context) error {
	e, f, err := s.svc.OpenEvidence(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer f.Close()
	serveAttachment(c, e.Filename, e.ContentType, e.CreatedAt, f)
	return nil
}

// serveAttachment sends an uploaded file (evidence, an appeal's file) as
// an attachment the browser must never render or sniff.
func serveAttachment(c echo.Context, filename, contentType string, modified time.Time, f io.ReadSeeker) {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Type", contentType)
	http.ServeContent(c.Response(), c.Request(), "", modified, f)
}
