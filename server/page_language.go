package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// languageForm is the language switcher: the language chosen and the page
// to go back to.
type languageForm struct {
	Lang string `form:"lang"`
	Next string `form:"next"`
}

// switchLanguage changes the page language: saved on the account when
// signed in, and in a cookie for everyone.
func (s *Server) switchLanguage(c echo.Context) error {
	var in languageForm
	if err := bind(c, &in); err != nil {
		return err
	}
	lang := in.Lang
	// The switcher offers the catalogue's languages only: anything else
	// was not sent by it (400), and must not reach the cookie.
	if !s.msgs.Supported(lang) {
		return echo.NewHTTPError(http.StatusBadRequest, "unknown language")
	}
	if currentUser(c) != nil {
		if err := s.svc.SetLanguage(c.Request().Context(), actor(c), lang); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{
		Name: "lang", Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode,
	})
	return redirect(c, safeNext(in.Next))
}
