package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiNotifications lists the caller's notifications.
func (s *Server) apiNotifications(c echo.Context) error {
	items, unread, err := s.svc.Notifications(c.Request().Context(), actor(c), 100)
	if err != nil {
		return err
	}
	loc := localizer(c)
	out := make([]map[string]any, 0, len(items))
	for _, n := range items {
		out = append(out, map[string]any{
			"id": n.ID, "kind": n.Kind, "assessment_id": n.AssessmentID, "read": n.ReadAt != nil,
			"message": loc.T("notification."+n.Kind, "Hotline", n.Hotline), "created_at": rfc3339(n.CreatedAt),
			"link": n.Target(),
		})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "unread": unread})
}
