package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

type forgotData struct {
	Email string
	Sent  bool
}

// resetRequestForm is the address a password reset link is asked for.
type resetRequestForm struct {
	Email string `form:"email"`
}

// newPasswordForm is a new password, typed twice, behind a one-time link.
type newPasswordForm struct {
	Password        string `form:"password"`
	PasswordConfirm string `form:"password_confirm"`
}

// forgotForm asks for the address to send a reset link to.
func (s *Server) forgotForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "password_forgot", s.newPage(c, "password.forgot.title", forgotData{}))
}

// forgot sends a reset link if the account exists, and says the same
// either way.
func (s *Server) forgot(c echo.Context) error {
	var in resetRequestForm
	if err := bind(c, &in); err != nil {
		return err
	}
	data := forgotData{Email: in.Email}
	err := s.svc.RequestPasswordReset(c.Request().Context(), actor(c), in.Email)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		p := s.newPage(c, "password.forgot.title", data).withErrors(verr, "email")
		return s.render(c, http.StatusUnprocessableEntity, "password_forgot", p)
	}
	if err != nil {
		return err
	}
	data.Sent = true
	return s.render(c, http.StatusOK, "password_forgot", s.newPage(c, "password.forgot.title", data))
}

type setPasswordData struct {
	Token   string
	Name    string
	Email   string
	Purpose string
}

// setPasswordForm shows the form behind an invitation or reset link, or
// explains that the link no longer works.
func (s *Server) setPasswordForm(c echo.Context) error {
	token := c.Param("token")
	u, purpose, err := s.svc.CheckLink(c.Request().Context(), token)
	if errors.Is(err, assessments.ErrNotFound) {
		return s.render(c, http.StatusNotFound, "password_link_invalid", s.newPage(c, "password.invalid.title", nil))
	}
	if err != nil {
		return err
	}
	data := setPasswordData{Token: token, Name: u.Name, Email: u.Email, Purpose: purpose}
	return s.render(c, http.StatusOK, "password_set", s.newPage(c, "password.set.title."+purpose, data))
}

// setPassword uses the link once, then signs the person in with a fresh
// session (after the code step when two-step sign-in is on).
func (s *Server) setPassword(c echo.Context) error {
	token := c.Param("token")
	var in newPasswordForm
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.svc.UseLink(c.Request().Context(), actor(c), token, in.Password, in.PasswordConfirm)
	var verr *assessments.ValidationError
	switch {
	case errors.Is(err, assessments.ErrNotFound):
		return s.render(c, http.StatusNotFound, "password_link_invalid", s.newPage(c, "password.invalid.title", nil))
	case errors.As(err, &verr):
		lu, purpose, cerr := s.svc.CheckLink(c.Request().Context(), token)
		if cerr != nil {
			return cerr
		}
		data := setPasswordData{Token: token, Name: lu.Name, Email: lu.Email, Purpose: purpose}
		p := s.newPage(c, "password.set.title."+purpose, data).withErrors(verr, "password", "password_confirm")
		return s.render(c, http.StatusUnprocessableEntity, "password_set", p)
	case err != nil:
		return err
	}
	if u.TOTPEnabled() {
		// A link by email is one factor: the code is still asked for.
		s.flash(c, "flash.info.password_set_code_next", "")
		return s.openSecondStep(c, u, "/dashboard")
	}
	return s.startSession(c, u, "/dashboard", "flash.password_set")
}
