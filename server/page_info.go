package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments/messages"
)

// accessibilityStatement is the statement the Web Accessibility Directive
// asks public bodies to publish.
func (s *Server) accessibilityStatement(c echo.Context) error {
	return s.render(c, http.StatusOK, "accessibility", s.newPage(c, "accessibility.title", nil))
}

// privacyNotice says what personal data the portal keeps, why, and for
// how long: the periods come from the running configuration.
func (s *Server) privacyNotice(c echo.Context) error {
	return s.render(c, http.StatusOK, "privacy", s.newPage(c, "privacy.title", s.privacyPeriods(localizer(c))))
}

// privacyPeriods are the retention periods the notice states, written
// out in the reader's language.
func (s *Server) privacyPeriods(loc *messages.Localizer) map[string]any {
	o := s.svc.Options()
	return map[string]any{
		"EvidenceYears": periodText(loc, time.Duration(o.RetentionYears)*365*24*time.Hour, true),
		"SessionIdle":   periodText(loc, s.cfg.SessionIdle, false), "SessionMax": periodText(loc, s.cfg.SessionMax, false),
		"Token": periodText(loc, o.TokenTTL, false), "Invitation": periodText(loc, o.InvitationTTL, false),
		"Reset": periodText(loc, o.ResetTTL, false), "Failures": periodText(loc, o.FailureWindow, false),
		"AppealDays": o.AppealDays, "Appeal": periodText(loc, time.Duration(o.AppealDays)*24*time.Hour, false),
	}
}

// periodText writes a duration in whole years, days, hours or minutes
// ("10 years", "7 days", "30 minutes").
func periodText(loc *messages.Localizer, d time.Duration, years bool) string {
	day := 24 * time.Hour
	switch {
	case years:
		return loc.N("retention.period.years", int(d/(365*day)))
	case d >= day && d%day == 0:
		return loc.N("retention.period.days", int(d/day))
	case d >= time.Hour && d%time.Hour == 0:
		return loc.N("retention.period.hours", int(d/time.Hour))
	}
	return loc.N("retention.period.minutes", int(d.Round(time.Minute)/time.Minute))
}
