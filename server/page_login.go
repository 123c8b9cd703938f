package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

type loginData struct {
	Email string
	Next  string
	Error string
}

// home sends the signed-in to their dashboard and others to sign in.
func (s *Server) home(c echo.Context) error {
	if currentUser(c) != nil {
		return redirect(c, "/dashboard")
	}
	return redirect(c, "/login")
}

// loginForm shows the sign-in form.
func (s *Server) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return redirect(c, safeNext(c.QueryParam("next")))
	}
	return s.render(c, http.StatusOK, "login", s.newPage(c, "login.title", loginData{Next: c.QueryParam("next")}))
}

// login checks the credentials, renews the session token (no session
// fixation) and goes to where the user was heading.
func (s *Server) login(c echo.Context) error {
	data := loginData{Email: c.FormValue("email"), Next: c.FormValue("next")}
	u, err := s.svc.SignIn(c.Request().Context(), actor(c), data.Email, c.FormValue("password"))
	var limited *assessments.RateLimitedError
	switch {
	case errors.As(err, &limited):
		return err
	case errors.Is(err, assessments.ErrUnauthenticated):
		p := s.newPage(c, "login.title", data)
		p.withErrors(&assessments.ValidationError{Fields: map[string]assessments.FieldMessage{
			"email": {Key: "login.error.credentials"},
		}})
		return s.render(c, http.StatusUnauthorized, "login", p)
	case err != nil:
		return err
	}
	ctx := c.Request().Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	s.flash(c, "flash.signed_in", u.Name)
	return redirect(c, safeNext(data.Next))
}

// logout ends the session on the server, not only in the browser.
func (s *Server) logout(c echo.Context) error {
	if u := currentUser(c); u != nil {
		s.svc.Audit(c.Request().Context(), actor(c), "auth.sign_out", "user", u.ID, "")
	}
	if err := s.sessions.Destroy(c.Request().Context()); err != nil {
		return err
	}
	return redirect(c, "/login?signed_out=1")
}
