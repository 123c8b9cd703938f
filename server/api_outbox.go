package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// outboxJSON is an undelivered email as the API shows it: never its body,
// which holds the recipient's one-time links.
type outboxJSON struct {
	ID            string     `json:"id"`
	To            string     `json:"to"`
	ToName        string     `json:"to_name"`
	Language      string     `json:"language"`
	Subject       string     `json:"subject"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
	LastAttemptAt *time.Time `json:"last_attempt_at"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
}

func outboxFrom(m *models.OutboxMessage) outboxJSON {
	out := outboxJSON{
		ID: m.ID, To: m.ToAddress, ToName: m.ToName, Language: m.Language, Subject: m.Subject, Status: m.Status,
		Attempts: m.Attempts, LastError: m.LastError, CreatedAt: m.CreatedAt.UTC(), LastAttemptAt: utcPtr(m.LastAttemptAt),
	}
	if m.Status == models.MailPending {
		next := m.NextAttemptAt.UTC()
		out.NextAttemptAt = &next
	}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// outboxFilter is the query string of the undelivered-mail lists, page and
// API.
type outboxFilter struct {
	Status string `query:"status"`
	Page   int    `query:"page"`
}

func (f outboxFilter) query(size int) assessments.OutboxQuery {
	return assessments.OutboxQuery{Status: f.Status, Page: assessments.Page{Number: max(f.Page, 1), Size: size}}
}

// apiOutbox lists undelivered emails: ?status=failed (given up, the
// default) or retrying.
func (s *Server) apiOutbox(c echo.Context) error {
	var f outboxFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListUndeliveredMail(c.Request().Context(), actor(c), f.query(100))
	if err != nil {
		return err
	}
	out := make([]outboxJSON, 0, len(items))
	for i := range items {
		out = append(out, outboxFrom(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiOutboxRetry puts a given-up email back in the queue.
func (s *Server) apiOutboxRetry(c echo.Context) error {
	m, err := s.svc.RetryMail(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, outboxFrom(m))
}
