package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type userJSON struct {
	meResponse
	Disabled bool `json:"disabled"`
	Invited  bool `json:"invitation_pending"`
	Version  int  `json:"version"`
}

func (s *Server) userFrom(u *models.User) userJSON {
	return userJSON{meResponse: s.meFrom(u), Disabled: u.Disabled, Invited: !u.HasPassword(), Version: u.Version}
}

// apiUsers lists accounts.
func (s *Server) apiUsers(c echo.Context) error {
	n, _ := strconv.Atoi(c.QueryParam("page"))
	q := assessments.UserQuery{Search: c.QueryParam("q"), Role: c.QueryParam("role"), Page: assessments.Page{Number: n, Size: 100}}
	items, total, err := s.svc.ListUsers(c.Request().Context(), actor(c), q)
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
	u, err := s.svc.GetUser(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.userFrom(u))
}

// userCreateRequest accepts hotline_id as null or a string.
type userCreateRequest struct {
	Email     string  `json:"email"`
	Name      string  `json:"name"`
	Role      string  `json:"role"`
	HotlineID *string `json:"hotline_id"`
	Country   string  `json:"country"`
	Language  string  `json:"language"`
}

// apiCreateUser adds an account and sends its invitation.
func (s *Server) apiCreateUser(c echo.Context) error {
	var req userCreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := assessments.UserInput{Email: req.Email, Name: req.Name, Role: req.Role, Country: req.Country, Language: req.Language}
	if req.HotlineID != nil {
		in.HotlineID = *req.HotlineID
	}
	u, err := s.svc.CreateUser(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.userFrom(u))
}
