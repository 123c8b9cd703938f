package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// accountExport downloads everything the portal holds about the signed-in
// person, the same JSON as GET /api/v1/me/export, as a file.
func (s *Server) accountExport(c echo.Context) error {
	name := "personal-data-" + time.Now().UTC().Format("2006-01-02") + ".json"
	return s.streamExport(c, `attachment; filename="`+name+`"`)
}

// accountDataRequest records the person's request for erasure or
// correction; what was typed stays on the account page when it is wrong.
func (s *Server) accountDataRequest(c echo.Context) error {
	var in assessments.DataRequestInput
	if err := bind(c, &in); err != nil {
		return err
	}
	_, err := s.svc.RequestDataChange(c.Request().Context(), actor(c), in)
	var verr *assessments.ValidationError
	var conflict *assessments.ConflictError
	switch {
	case errors.As(err, &verr):
		return s.renderAccount(c, http.StatusUnprocessableEntity, accountData{Request: in}, verr)
	case errors.As(err, &conflict):
		v := &assessments.ValidationError{}
		v.Add("kind", conflict.Key, nil)
		return s.renderAccount(c, http.StatusConflict, accountData{Request: in}, v)
	case err != nil:
		return err
	}
	s.flash(c, "flash.data_request_sent", "")
	return redirect(c, "/account#your-data")
}
