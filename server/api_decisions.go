package server

import (
	"hotlineportal/assessments"
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiDecide records the decision and issues the certificate.
func (s *Server) apiDecide(c echo.Context) error {
	var in assessments.DecisionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	d, cert, err := s.svc.Decide(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	out := map[string]any{"outcome": d.Outcome, "proposed_outcome": d.ProposedOutcome, "certificate": nil}
	if cert != nil {
		out["certificate"] = map[string]string{"number": cert.Number, "valid_from": rfc3339(cert.ValidFrom), "valid_until": rfc3339(cert.ValidUntil)}
	}
	return c.JSON(http.StatusCreated, out)
}
