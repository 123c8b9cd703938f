package server

import (
	"bufio"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

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
	return serveAttachment(c, e.Filename, e.ContentType, e.Size, f)
}

// serveAttachment streams an uploaded file (evidence, an appeal's file)
// from the file store as an attachment the browser must never render or
// sniff. The first bytes are read before anything is sent, so a store
// that fails at once still gets its error page; one that fails later, or
// a file that no longer matches its hash, ends the download short of its
// announced length, which every client reports as failed.
func serveAttachment(c echo.Context, filename, contentType string, size int64, f io.Reader) error {
	br := bufio.NewReaderSize(f, 32<<10)
	if _, err := br.Peek(1); err != nil && err != io.EOF {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	if _, err := io.Copy(c.Response(), br); err != nil {
		return fmt.Errorf("send %s: %w", filename, err)
	}
	return nil
}
