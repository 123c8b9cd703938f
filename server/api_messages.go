package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
)

// messageJSON is one message of a criterion's thread: a clarification
// request, a reconciliation request, or the note a review withdrawn for
// reconciliation leaves.
type messageJSON struct {
	ID        string      `json:"id"`
	Kind      string      `json:"kind"`
	Round     int         `json:"round"`
	Body      string      `json:"body"`
	CreatedAt string      `json:"created_at"`
	Author    *authorJSON `json:"author"`
}

// authorJSON names a message's author; null for a manager, who never
// learns who reviews.
type authorJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// threadJSON is one criterion's thread (criterion null: the notes that
// belong to the whole assessment).
type threadJSON struct {
	Criterion *string       `json:"criterion"`
	Messages  []messageJSON `json:"messages"`
}

// apiMessages lists an assessment's message threads by criterion, each
// oldest first, scoped by the domain as the pages are.
func (s *Server) apiMessages(c echo.Context) error {
	msgs, err := s.svc.MessageThreads(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": threadsFrom(msgs)})
}

// threadsFrom groups messages by criterion, in the order each thread first
// appears.
func threadsFrom(msgs []models.Message) []threadJSON {
	out := []threadJSON{}
	at := map[string]int{}
	for _, m := range msgs {
		i, ok := at[m.Criterion]
		if !ok {
			var crit *string
			if m.Criterion != "" {
				crit = &m.Criterion
			}
			i = len(out)
			at[m.Criterion] = i
			out = append(out, threadJSON{Criterion: crit, Messages: []messageJSON{}})
		}
		j := messageJSON{ID: m.ID, Kind: m.Kind, Round: m.Round, Body: m.Body, CreatedAt: rfc3339(m.CreatedAt)}
		if m.Author != nil {
			j.Author = &authorJSON{ID: m.Author.ID, Name: m.Author.Name, Role: string(m.Author.Role)}
		}
		out[i].Messages = append(out[i].Messages, j)
	}
	return out
}
