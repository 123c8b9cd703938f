package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type userJSON struct {
	meResponse
	Disabled bool `json:"disabled"`
	Invited  bool `json:"invitation_pending"`
	Version  int  `json:"version"`
	// Erased says the account was erased: its name is a pseudonym.
	Erased   bool       `json:"erased"`
	ErasedAt *time.Time `json:"erased_at"`
}

func (s *Server) userFrom(u *models.User) userJSON {
	return userJSON{meResponse: s.meFrom(u), Disabled: u.Disabled, Invited: !u.HasPassword(), Version: u.Version, Erased: u.Erased(), ErasedAt: u.ErasedAt}
}

// userFilter is the query string of the account lists, page and API.
type userFilter struct {
	Search string `query:"q"`
	Role   string `query:"role"`
	Sort   string `query:"sort"`
	Page   int    `query:"page"`
}

func (f userFilter) query(size int) assessments.UserQuery {
	return assessments.UserQuery{Search: f.Search, Role: f.Role, Sort: f.Sort, Page: assessments.Page{Number: max(f.Page, 1), Size: size}}
}

// apiUsers lists accounts, 100 a page.
func (s *Server) apiUsers(c echo.Context) error {
	var f userFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListUsers(c.Request().Context(), actor(c), f.query(100))
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(items))
	for i := range items {
		out = append(out, s.userFrom(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiUser shows one account.
func (s *Server) apiUser(c echo.Context) error {
	return s.apiUserNow(c, http.StatusOK)
}

// apiCreateUser adds an account and sends its invitation; hotline_id may
// be null.
func (s *Server) apiCreateUser(c echo.Context) error {
	var in assessments.UserInput
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.svc.CreateUser(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.userFrom(u))
}

// apiResetTOTP turns off another user's two-step sign-in (secretariat).
func (s *Server) apiResetTOTP(c echo.Context) error {
	if err := s.svc.ResetTOTP(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// userUpdateRequest is an account as the edit page takes it, with the
// version it was read at. The domain checks the account (UpdateUser), so
// the binder checks only that a version is given.
type userUpdateRequest struct {
	assessments.UserInput `validate:"-"`
	Version               int `json:"version" validate:"required"`
}

// apiUpdateUser changes an account with the edit page's rules; a stale
// version answers 409 with the account as now saved.
func (s *Server) apiUpdateUser(c echo.Context) error {
	var req userUpdateRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	u, err := s.svc.UpdateUser(ctx, a, id, req.Version, req.UserInput)
	if errors.Is(err, assessments.ErrStale) {
		current, gerr := s.svc.GetUser(ctx, a, id)
		if gerr != nil {
			return gerr
		}
		return c.JSON(http.StatusConflict, map[string]apiError{"error": {
			Code: "stale_version", Message: localizer(c).T("error.stale_version"), Current: s.userFrom(current),
		}})
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.userFrom(u))
}

// apiSetUserDisabled disables (ending its sessions and tokens) or enables
// an account; disabling oneself, or an erased account, answers 409.
func (s *Server) apiSetUserDisabled(disabled bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
		if err := s.svc.SetUserDisabled(ctx, a, id, disabled); err != nil {
			return err
		}
		return s.apiUserNow(c, http.StatusOK)
	}
}

// apiInviteUser sends a fresh one-time link by email (an invitation, or a
// password reset for an account that has a password): 202, the mail is
// on its way. A disabled or erased account answers 409.
func (s *Server) apiInviteUser(c echo.Context) error {
	if err := s.svc.ResendInvitation(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return s.apiUserNow(c, http.StatusAccepted)
}

// apiUserNow answers the account of the path as it is now.
func (s *Server) apiUserNow(c echo.Context, status int) error {
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(status, s.userFrom(u))
}
