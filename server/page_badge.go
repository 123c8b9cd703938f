package server

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// badgeColours are the status colours of the badge, each with white text
// at a contrast of at least 4.5:1.
var badgeColours = map[string]string{
	"valid": "#1a7f37", "suspended": "#9a3412", "revoked": "#b91c1c", "expired": "#4b5563", "not_found": "#4b5563",
}

// badgeSVG is the badge a hotline embeds on its website: an SVG drawn at
// each request from the certificate's status now, so a suspension,
// revocation or expiry shows at once, in the language asked for
// (?lang=), English by default.
func (s *Server) badgeSVG(c echo.Context) error {
	lang := s.msgs.Match(c.QueryParam("lang"), "en")
	loc := s.msgs.Localizer(lang)
	status, code := "not_found", http.StatusNotFound
	p, err := s.svc.VerifyCertificate(c.Request().Context(), c.Param("number"))
	switch {
	case err == nil:
		status, code = p.Status, http.StatusOK
	case !errors.Is(err, assessments.ErrNotFound):
		return err
	}
	label, value := loc.T("badge.label"), loc.T("badge.status."+status)
	c.Response().Header().Set("Cache-Control", "no-cache")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.Blob(code, "image/svg+xml; charset=utf-8", drawBadge(lang, label, value, badgeColours[status]))
}

// drawBadge draws a two-part badge: the label on blue, the status on its
// colour. Widths follow the text at about 7 px a character.
func drawBadge(lang, label, value, colour string) []byte {
	lw, vw := 14+7*utf8.RuneCountInString(label), 14+7*utf8.RuneCountInString(value)
	w := lw + vw
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="24" viewBox="0 0 %d 24" role="img" xml:lang="%s" aria-label="%s: %s">`,
		w, w, esc(lang), esc(label), esc(value))
	fmt.Fprintf(&b, `<title>%s: %s</title>`, esc(label), esc(value))
	fmt.Fprintf(&b, `<rect width="%d" height="24" rx="4" fill="#1d4e89"/><rect x="%d" width="%d" height="24" rx="4" fill="%s"/><rect x="%d" width="4" height="24" fill="%s"/>`,
		w, lw, vw, colour, lw, colour)
	b.WriteString(`<g fill="#fff" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="12" text-anchor="middle">`)
	fmt.Fprintf(&b, `<text x="%d" y="16">%s</text><text x="%d" y="16" font-weight="bold">%s</text></g></svg>`,
		lw/2, esc(label), lw+vw/2, esc(value))
	return b.Bytes()
}

// esc escapes text for XML.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
