package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// meUpdate is what a person may change on their own account through the
// API: the language of pages and emails, as the language switcher saves it.
type meUpdate struct {
	Language *string `json:"language"`
}

// apiUpdateMe changes the caller's own settings and answers the account
// as GET /api/v1/me shows it.
func (s *Server) apiUpdateMe(c echo.Context) error {
	var req meUpdate
	if err := bind(c, &req); err != nil {
		return err
	}
	u := *currentUser(c)
	if req.Language != nil {
		if err := s.svc.SetLanguage(c.Request().Context(), actor(c), *req.Language); err != nil {
			return err
		}
		u.Language = *req.Language
	}
	return c.JSON(http.StatusOK, s.meFrom(&u))
}
