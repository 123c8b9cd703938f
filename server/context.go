package server

import (
	"strings"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// Context keys set by the middleware.
const (
	ctxUser      = "portal.user"
	ctxLocalizer = "portal.localizer"
	ctxViaToken  = "portal.via_token"
	// ctxCSRFPassed marks a request the CSRF check let through.
	ctxCSRFPassed = "portal.csrf_passed"
)

// currentUser is the signed-in user, or nil.
func currentUser(c echo.Context) *models.User {
	u, _ := c.Get(ctxUser).(*models.User)
	return u
}

// localizer is the request's translator, chosen by the middleware.
func localizer(c echo.Context) *messages.Localizer {
	l, _ := c.Get(ctxLocalizer).(*messages.Localizer)
	if l == nil {
		return messages.MustLoad().Localizer(messages.Default)
	}
	return l
}

// csrfToken is the token to put in forms.
func csrfToken(c echo.Context) string {
	t, _ := c.Get("csrf").(string)
	return t
}

// actor describes who is acting and from where, for the domain's audit.
func actor(c echo.Context) assessments.Actor {
	return assessments.Actor{
		User:      currentUser(c),
		IP:        c.RealIP(),
		RequestID: c.Response().Header().Get(echo.HeaderXRequestID),
	}
}

// isAPI tells whether the request is for the JSON API, which answers
// errors as JSON.
func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}
