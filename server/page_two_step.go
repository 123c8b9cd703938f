package server

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/certificate"
)

type twoStepData struct {
	Enabled   bool
	Required  bool
	CodesLeft int64
	// Enrolment is an unconfirmed set-up, with its QR code.
	Enrolment *assessments.TOTPEnrolment
	QR        template.HTML
	// Codes are recovery codes just issued, shown this once.
	Codes []string
}

// twoStepPage shows the two-step sign-in settings of the signed-in
// person: set it up, renew the recovery codes, or turn it off.
func (s *Server) twoStepPage(c echo.Context) error {
	return s.renderTwoStep(c, http.StatusOK, nil)
}

func (s *Server) renderTwoStep(c echo.Context, status int, verr *assessments.ValidationError) error {
	ctx, a, u := c.Request().Context(), actor(c), currentUser(c)
	d := twoStepData{Enabled: u.TOTPEnabled(), Required: s.svc.TOTPRequired(u)}
	if d.Enabled {
		n, err := s.svc.RecoveryCodesLeft(ctx, a)
		if err != nil {
			return err
		}
		d.CodesLeft = n
	} else if e := s.svc.TOTPEnrolmentOf(a); e != nil {
		svg, err := certificate.QRSVG(e.URI, localizer(c).T("two_step.qr_label"))
		if err != nil {
			return err
		}
		d.Enrolment, d.QR = e, template.HTML(svg) // #nosec: geometry we drew, no user text
	}
	p := s.newPage(c, "two_step.title", d)
	if verr != nil {
		p.withErrors(verr, "code")
	}
	return s.render(c, status, "two_step", p)
}

// twoStepStart makes a new secret and shows its QR code.
func (s *Server) twoStepStart(c echo.Context) error {
	if _, err := s.svc.StartTOTP(c.Request().Context(), actor(c)); err != nil {
		return err
	}
	return redirect(c, "/account/two-step#set-up")
}

// twoStepConfirm turns two-step sign-in on with a first code, and shows
// the recovery codes.
func (s *Server) twoStepConfirm(c echo.Context) error {
	var in codeRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	codes, err := s.svc.ConfirmTOTP(c.Request().Context(), actor(c), in.Code)
	return s.showRecoveryCodes(c, codes, err, "two_step.enabled.title")
}

// twoStepRenewCodes replaces the recovery codes, given a code.
func (s *Server) twoStepRenewCodes(c echo.Context) error {
	var in codeRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	codes, err := s.svc.RenewRecoveryCodes(c.Request().Context(), actor(c), in.Code)
	return s.showRecoveryCodes(c, codes, err, "two_step.renewed.title")
}

// showRecoveryCodes shows new recovery codes once (not through a
// redirect: they are never stored in the clear), or the settings again
// with what was wrong.
func (s *Server) showRecoveryCodes(c echo.Context, codes []string, err error, titleKey string) error {
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return s.renderTwoStep(c, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "two_step_codes", s.newPage(c, titleKey, twoStepData{Enabled: true, Codes: codes}))
}

// twoStepDisable turns two-step sign-in off, given a code.
func (s *Server) twoStepDisable(c echo.Context) error {
	var in codeRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	err := s.svc.DisableTOTP(c.Request().Context(), actor(c), in.Code)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return s.renderTwoStep(c, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.totp_disabled", "")
	return redirect(c, "/account/two-step")
}
