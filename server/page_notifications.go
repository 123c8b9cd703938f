package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// notificationsPage lists the user's notifications and marks them read.
func (s *Server) notificationsPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	items, unread, err := s.svc.Notifications(ctx, a, 100)
	if err != nil {
		return err
	}
	if unread > 0 {
		if err := s.svc.MarkNotificationsRead(ctx, a); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "notifications", s.newPage(c, "notifications.title", items))
}
