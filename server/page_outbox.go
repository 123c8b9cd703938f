package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
)

type outboxData struct {
	Items  []models.OutboxMessage
	Status string
	Pager  Pager
}

// outboxPage lists the emails that could not be delivered (given up, or
// failing and waiting for their next attempt), so the secretariat can see
// who never got an invitation or a notification and send it again.
func (s *Server) outboxPage(c echo.Context) error {
	var f outboxFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := f.query(pageSize)
	if q.Status == "" {
		q.Status = models.OutboxGivenUp
	}
	items, total, err := s.svc.ListUndeliveredMail(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := outboxData{Items: items, Status: q.Status, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "outbox", s.newPage(c, "outbox.title", data))
}

// outboxRetry puts a given-up email back in the queue.
func (s *Server) outboxRetry(c echo.Context) error {
	m, err := s.svc.RetryMail(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	s.flash(c, "flash.mail_requeued", m.ToAddress)
	return redirect(c, "/outbox")
}
