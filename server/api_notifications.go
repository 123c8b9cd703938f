package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// notificationsPerPage is the API's default page of notifications, the
// page's own list length.
const notificationsPerPage = 100

// notificationFilter is the API's paging of the notifications.
type notificationFilter struct {
	Page    int `query:"page"`
	PerPage int `query:"per_page"`
}

// page is the page asked for: per_page between 1 and 100, 100 unless said.
func (f notificationFilter) page() assessments.Page {
	if f.PerPage <= 0 {
		f.PerPage = notificationsPerPage
	}
	return assessments.Page{Number: max(f.Page, 1), Size: f.PerPage}
}

// apiNotifications lists the caller's notifications, newest first, a
// page at a time, with how many there are and how many are unread.
func (s *Server) apiNotifications(c echo.Context) error {
	var f notificationFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	page := f.page()
	items, total, unread, err := s.svc.NotificationsPage(c.Request().Context(), actor(c), page)
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
	return c.JSON(http.StatusOK, map[string]any{"items": out, "unread": unread, "total": total,
		"page": page.Number, "per_page": page.Limit()})
}

// apiMarkNotificationsRead marks all the caller's notifications read, as
// opening the notifications page does.
func (s *Server) apiMarkNotificationsRead(c echo.Context) error {
	if err := s.svc.MarkNotificationsRead(c.Request().Context(), actor(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
