package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// tokenRequest is a sign-in through the API.
type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// OTP is the authenticator code, or a recovery code, of an account
	// with two-step sign-in on.
	OTP string `json:"otp"`
}

// apiCreateToken exchanges an email and password for a bearer token.
func (s *Server) apiCreateToken(c echo.Context) error {
	var req tokenRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	token, expires, err := s.svc.IssueToken(c.Request().Context(), actor(c), assessments.Credentials{Email: req.Email, Password: req.Password, OTP: req.OTP})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": token, "expires_at": expires.UTC().Format(time.RFC3339)})
}

// apiDeleteToken ends the bearer token used for this call.
func (s *Server) apiDeleteToken(c echo.Context) error {
	token := bearerToken(c.Request())
	if token == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "this call needs a bearer token")
	}
	if err := s.svc.RevokeToken(c.Request().Context(), token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type meResponse struct {
	ID        string      `json:"id"`
	Email     string      `json:"email"`
	Name      string      `json:"name"`
	Role      models.Role `json:"role"`
	HotlineID *string     `json:"hotline_id"`
	Country   string      `json:"country"`
	Language  string      `json:"language"`
	// TOTPEnabled says whether the account signs in in two steps, and
	// TOTPRequired whether its role must.
	TOTPEnabled  bool `json:"totp_enabled"`
	TOTPRequired bool `json:"totp_required"`
}

func (s *Server) meFrom(u *models.User) meResponse {
	return meResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, HotlineID: u.HotlineID, Country: u.Country, Language: u.Language,
		TOTPEnabled: u.TOTPEnabled(), TOTPRequired: s.svc.TOTPRequired(u)}
}

// apiMe says who the caller is.
func (s *Server) apiMe(c echo.Context) error {
	return c.JSON(http.StatusOK, s.meFrom(currentUser(c)))
}
