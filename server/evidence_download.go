package server

import (
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// downloadEvidence sends an evidence file as an attachment that the
// browser must never render: nosniff, a sandboxing CSP, and the type
// recorded when its content was checked.
func (s *Server) downloadEvidence(c echo.Context) error {
	e, f, err := s.svc.OpenEvidence(c.Request().Context(), actor(c), c.Param("id"))
	if p, ok := assessments.IsPurged(err); ok {
		return s.evidenceGone(c, p)
	}
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

// evidenceGone answers a download of a file the retention job removed:
// 410 Gone, saying when and keeping its name and hash in view (JSON for
// the API, a page otherwise).
func (s *Server) evidenceGone(c echo.Context, p *assessments.PurgedError) error {
	loc := localizer(c)
	msg := loc.T("retention.gone.message", "Filename", p.Filename, "Date", assessments.FormatDate(loc, p.PurgedAt), "Hash", p.SHA256)
	if isAPI(c) || c.Request().Method == http.MethodHead {
		return c.JSON(http.StatusGone, map[string]apiError{"error": {Code: "gone", Message: msg}})
	}
	page := s.newPage(c, "retention.gone.title", map[string]any{"Status": http.StatusGone, "Message": msg})
	return s.render(c, http.StatusGone, "error", page)
}
