package server

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// secondStepTime is how long the code step of a two-step sign-in stays
// open after the password was accepted.
const secondStepTime = 5 * time.Minute

type loginData struct {
	Email string
	Next  string
	Error string
}

// nextQuery is where to go after signing in (kept on this site by
// safeNext).
type nextQuery struct {
	Next string `query:"next"`
}

// signInForm is the sign-in form's first step.
type signInForm struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
}

// signInCodeForm is the sign-in form's second step: an authenticator or
// recovery code.
type signInCodeForm struct {
	Code string `form:"code"`
	Next string `form:"next"`
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
	var q nextQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	if currentUser(c) != nil {
		return redirect(c, safeNext(q.Next))
	}
	return s.render(c, http.StatusOK, "login", s.newPage(c, "login.title", loginData{Next: q.Next}))
}

// login checks the email and password. With two-step sign-in on, it
// opens the code step; otherwise it signs the person in.
func (s *Server) login(c echo.Context) error {
	var in signInForm
	if err := bind(c, &in); err != nil {
		return err
	}
	data := loginData{Email: in.Email, Next: in.Next}
	u, err := s.svc.SignIn(c.Request().Context(), actor(c), assessments.Credentials{Email: in.Email, Password: in.Password})
	switch {
	case errors.Is(err, assessments.ErrOTPRequired):
		return s.openSecondStep(c, u, data.Next)
	case errors.Is(err, assessments.ErrUnauthenticated):
		return s.loginFailed(c, "login", data, "email", "login.error.credentials", http.StatusUnauthorized)
	case isBusy(err):
		return s.loginFailed(c, "login", data, "email", "login.error.busy", http.StatusServiceUnavailable)
	case err != nil:
		return err
	}
	return s.startSession(c, u, data.Next, "flash.signed_in")
}

// loginFailed shows a sign-in step again with one message, keeping what
// was typed (but never a password or a code).
func (s *Server) loginFailed(c echo.Context, page string, data loginData, field, key string, status int) error {
	p := s.newPage(c, page+".title", data)
	p.withErrors(&assessments.ValidationError{Fields: map[string]assessments.FieldMessage{field: {Key: key}}})
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	return s.render(c, status, page, p)
}

// openSecondStep remembers, in a renewed session, whose password was
// right, and asks for the code. The session is not signed in yet.
func (s *Server) openSecondStep(c echo.Context, u *models.User, next string) error {
	ctx := c.Request().Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessPendingUser, u.ID)
	s.sessions.Put(ctx, sessPendingAt, time.Now().Unix())
	return redirect(c, "/login/code?next="+url.QueryEscape(next))
}

// pendingUser is the account whose password was accepted in this session
// within the last few minutes, or "".
func (s *Server) pendingUser(c echo.Context) string {
	ctx := c.Request().Context()
	id := s.sessions.GetString(ctx, sessPendingUser)
	at := time.Unix(s.sessions.GetInt64(ctx, sessPendingAt), 0)
	if id == "" || time.Since(at) > secondStepTime {
		return ""
	}
	return id
}

// loginCodeForm asks for the authenticator code (or a recovery code).
func (s *Server) loginCodeForm(c echo.Context) error {
	var q nextQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	if s.pendingUser(c) == "" {
		s.flash(c, "flash.info.login_code_expired", "")
		return redirect(c, "/login")
	}
	return s.render(c, http.StatusOK, "login_code", s.newPage(c, "login_code.title", loginData{Next: q.Next}))
}

// loginCode checks the code and finishes the sign-in.
func (s *Server) loginCode(c echo.Context) error {
	var in signInCodeForm
	if err := bind(c, &in); err != nil {
		return err
	}
	data := loginData{Next: in.Next}
	id := s.pendingUser(c)
	if id == "" {
		s.flash(c, "flash.info.login_code_expired", "")
		return redirect(c, "/login")
	}
	u, err := s.svc.SignInWithCode(c.Request().Context(), actor(c), id, in.Code)
	switch {
	case errors.Is(err, assessments.ErrUnauthenticated):
		return s.loginFailed(c, "login_code", data, "code", "login_code.error.wrong", http.StatusUnauthorized)
	case err != nil:
		return err
	}
	return s.startSession(c, u, data.Next, "flash.signed_in")
}

// startSession signs u in on a renewed session token (no session
// fixation) and goes where the user was heading; an account that must
// first set up two-step sign-in goes there.
func (s *Server) startSession(c echo.Context, u *models.User, next, flashKey string) error {
	ctx := c.Request().Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessPendingUser)
	s.sessions.Remove(ctx, sessPendingAt)
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	if s.svc.MustEnrolTOTP(u) {
		s.flash(c, "flash.info.totp_required", "")
		return redirect(c, "/account/two-step")
	}
	s.flash(c, flashKey, u.Name)
	return redirect(c, safeNext(next))
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

// isBusy tells whether err asks the client to come back shortly.
func isBusy(err error) bool {
	var busy *assessments.BusyError
	return errors.As(err, &busy)
}
