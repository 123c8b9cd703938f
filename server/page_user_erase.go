package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// userEraseData is the erasure confirmation page: the account, and the
// reason as typed.
type userEraseData struct {
	User   *models.User
	Reason string
}

// userEraseConfirm explains what erasure does and asks for the reason.
func (s *Server) userEraseConfirm(c echo.Context) error {
	return s.renderUserErase(c, http.StatusOK, "", nil)
}

func (s *Server) renderUserErase(c echo.Context, status int, reason string, verr *assessments.ValidationError) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "user_erase.title", userEraseData{User: u, Reason: reason})
	if verr != nil {
		p.withErrors(verr, "reason")
	}
	return s.render(c, status, "user_erase", p)
}

// userErase erases the account; a refusal is shown on the page with the
// reason kept.
func (s *Server) userErase(c echo.Context) error {
	var in assessments.EraseInput
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.svc.EraseUser(c.Request().Context(), actor(c), c.Param("id"), in)
	var verr *assessments.ValidationError
	var conflict *assessments.ConflictError
	switch {
	case errors.As(err, &verr):
		return s.renderUserErase(c, http.StatusUnprocessableEntity, in.Reason, verr)
	case errors.As(err, &conflict):
		v := &assessments.ValidationError{}
		v.Add("reason", conflict.Key, nil)
		return s.renderUserErase(c, http.StatusConflict, in.Reason, v)
	case err != nil:
		return err
	}
	s.flash(c, "flash.user_erased", u.Name)
	return redirect(c, "/users/"+u.ID)
}
