package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type userListData struct {
	Items  []models.User
	Search string
	Role   string
	Pager  Pager
}

// userList lists accounts with search, a role filter, sorting and
// pagination.
func (s *Server) userList(c echo.Context) error {
	var f userFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := f.query(pageSize)
	items, total, err := s.svc.ListUsers(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := userListData{Items: items, Search: q.Search, Role: q.Role, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "users", s.newPage(c, "users.title", data))
}

// userShow shows one account.
func (s *Server) userShow(c echo.Context) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "", u)
	p.Title = u.Name
	return s.render(c, http.StatusOK, "user", p)
}

type userFormData struct {
	ID       string
	Version  int
	Input    assessments.UserInput
	Hotlines []models.Hotline
	Stale    bool
}

var userFieldOrder = []string{"email", "name", "role", "hotline_id", "country", "language", "languages", "expertise"}

// userUpdateForm is an account as edited, with the version it was edited
// from. The domain checks the account (UpdateUser), so the binder leaves
// it alone.
type userUpdateForm struct {
	assessments.UserInput `validate:"-"`
	Version               int `form:"version"`
}

// newUserQuery preselects the account form: ?role= and, for a new
// manager, ?hotline=.
type newUserQuery struct {
	Role    string `query:"role"`
	Hotline string `query:"hotline"`
}

// userForm renders the account form with the hotline choices.
func (s *Server) userForm(c echo.Context, status int, titleKey string, data userFormData, verr *assessments.ValidationError) error {
	hotlines, err := s.svc.AllHotlines(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	data.Hotlines = hotlines
	p := s.newPage(c, titleKey, data)
	if verr != nil {
		p.withErrors(verr, userFieldOrder...)
	}
	return s.render(c, status, "user_form", p)
}

// userNewForm shows an empty account form; ?hotline= preselects a hotline
// for a new manager.
func (s *Server) userNewForm(c echo.Context) error {
	var q newUserQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	in := assessments.UserInput{Role: q.Role, HotlineID: q.Hotline}
	if in.HotlineID != "" && in.Role == "" {
		in.Role = string(models.RoleManager)
	}
	return s.userForm(c, http.StatusOK, "user.new.title", userFormData{Input: in}, nil)
}

// userCreate adds an account and sends the invitation.
func (s *Server) userCreate(c echo.Context) error {
	var in assessments.UserInput
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.svc.CreateUser(c.Request().Context(), actor(c), in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return s.userForm(c, http.StatusUnprocessableEntity, "user.new.title", userFormData{Input: in}, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.user_created", u.Email)
	return redirect(c, "/users/"+u.ID)
}

// userEditForm shows an account for editing.
func (s *Server) userEditForm(c echo.Context) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.userForm(c, http.StatusOK, "user.edit.title", userFormData{ID: u.ID, Version: u.Version, Input: assessments.UserInputFrom(u)}, nil)
}

// userUpdate saves an account; a stale version keeps what was typed.
func (s *Server) userUpdate(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var req userUpdateForm
	if err := bind(c, &req); err != nil {
		return err
	}
	u, err := s.svc.UpdateUser(ctx, a, id, req.Version, req.UserInput)
	data := userFormData{ID: id, Version: req.Version, Input: req.UserInput}
	var verr *assessments.ValidationError
	switch {
	case errors.As(err, &verr):
		return s.userForm(c, http.StatusUnprocessableEntity, "user.edit.title", data, verr)
	case errors.Is(err, assessments.ErrStale):
		current, gerr := s.svc.GetUser(ctx, a, id)
		if gerr != nil {
			return gerr
		}
		data.Stale, data.Version = true, current.Version
		return s.userForm(c, http.StatusConflict, "user.edit.title", data, nil)
	case err != nil:
		return err
	}
	s.flash(c, "flash.user_saved", u.Email)
	return redirect(c, "/users/"+u.ID)
}

// userDisableConfirm asks before disabling, naming the account.
func (s *Server) userDisableConfirm(c echo.Context) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "user_disable", s.newPage(c, "user.disable.title", u))
}

// userDisable disables an account; its sessions end at once.
func (s *Server) userDisable(c echo.Context) error {
	return s.setUserDisabled(c, true, "flash.user_disabled")
}

// userEnable re-enables an account.
func (s *Server) userEnable(c echo.Context) error {
	return s.setUserDisabled(c, false, "flash.user_enabled")
}

func (s *Server) setUserDisabled(c echo.Context, disabled bool, flashKey string) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if err := s.svc.SetUserDisabled(ctx, a, id, disabled); err != nil {
		return err
	}
	u, err := s.svc.GetUser(ctx, a, id)
	if err != nil {
		return err
	}
	s.flash(c, flashKey, u.Email)
	return redirect(c, "/users/"+id)
}

// userInvite sends a fresh invitation (or reset) link.
func (s *Server) userInvite(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if err := s.svc.ResendInvitation(ctx, a, id); err != nil {
		return err
	}
	u, err := s.svc.GetUser(ctx, a, id)
	if err != nil {
		return err
	}
	s.flash(c, "flash.user_invited", u.Email)
	return redirect(c, "/users/"+id)
}

// userTOTPResetConfirm asks the secretariat to confirm turning off
// someone's two-step sign-in, naming them.
func (s *Server) userTOTPResetConfirm(c echo.Context) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "user_totp_reset", s.newPage(c, "user.totp_reset.title", u))
}

// userTOTPReset turns off someone's two-step sign-in (audited, and the
// person is told by email).
func (s *Server) userTOTPReset(c echo.Context) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.svc.ResetTOTP(c.Request().Context(), actor(c), u.ID); err != nil {
		return err
	}
	s.flash(c, "flash.totp_reset", u.Name)
	return redirect(c, "/users/"+u.ID)
}
