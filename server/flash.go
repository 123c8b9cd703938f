package server

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// flash stores a message for the next page the user sees: a catalogue key
// and an optional name to put in it (".Name").
func (s *Server) flash(c echo.Context, key, name string) {
	if noSession(c.Request()) {
		return
	}
	s.sessions.Put(c.Request().Context(), sessFlash, key+"\x00"+name)
}

// popFlash takes the stored message, translated, if there is one.
func (s *Server) popFlash(c echo.Context) *Flash {
	if noSession(c.Request()) {
		return nil
	}
	raw := s.sessions.PopString(c.Request().Context(), sessFlash)
	if raw == "" {
		return nil
	}
	key, name, _ := strings.Cut(raw, "\x00")
	kind := "success"
	if strings.HasPrefix(key, "flash.info.") {
		kind = "info"
	}
	return &Flash{Kind: kind, Message: localizer(c).T(key, "Name", name)}
}
