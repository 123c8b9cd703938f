package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// codeRequest carries a two-step code: from the authenticator app, or a
// recovery code where one is accepted; the API and the settings page
// alike.
type codeRequest struct {
	Code string `json:"code" form:"code"`
}

// apiStartTOTP starts enrolment: a new secret, not active until
// confirmed.
func (s *Server) apiStartTOTP(c echo.Context) error {
	e, err := s.svc.StartTOTP(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"secret": e.Secret, "otpauth_uri": e.URI})
}

// apiConfirmTOTP turns two-step sign-in on with a code from the new
// secret, and returns the recovery codes, shown this once.
func (s *Server) apiConfirmTOTP(c echo.Context) error {
	var req codeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	codes, err := s.svc.ConfirmTOTP(c.Request().Context(), actor(c), req.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string][]string{"recovery_codes": codes})
}

// apiDisableTOTP turns two-step sign-in off, given a code.
func (s *Server) apiDisableTOTP(c echo.Context) error {
	var req codeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.svc.DisableTOTP(c.Request().Context(), actor(c), req.Code); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiRenewRecoveryCodes replaces the recovery codes, given a code.
func (s *Server) apiRenewRecoveryCodes(c echo.Context) error {
	var req codeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	codes, err := s.svc.RenewRecoveryCodes(c.Request().Context(), actor(c), req.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string][]string{"recovery_codes": codes})
}
