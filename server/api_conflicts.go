package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// conflictJSON is one of a reviewer's declared conflicts of interest.
type conflictJSON struct {
	ID        string `json:"id"`
	HotlineID string `json:"hotline_id"`
	Hotline   string `json:"hotline"`
	Country   string `json:"country"`
	Reason    string `json:"reason"`
	CreatedAt string `json:"created_at"`
}

func conflictFrom(c *models.Conflict) conflictJSON {
	out := conflictJSON{ID: c.ID, HotlineID: c.HotlineID, Reason: c.Reason, CreatedAt: rfc3339(c.CreatedAt)}
	if c.Hotline != nil {
		out.Hotline, out.Country = c.Hotline.Name, c.Hotline.Country
	}
	return out
}

// hotlineChoiceJSON is a hotline a reviewer may declare a conflict with.
type hotlineChoiceJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

// apiConflicts lists the reviewer's own declared conflicts, and the
// hotlines one may be declared with (the account page's choice).
func (s *Server) apiConflicts(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	list, err := s.svc.Conflicts(ctx, a, a.User.ID)
	if err != nil {
		return err
	}
	hotlines, err := s.svc.HotlineChoices(ctx, a)
	if err != nil {
		return err
	}
	items := make([]conflictJSON, 0, len(list))
	for i := range list {
		items = append(items, conflictFrom(&list[i]))
	}
	choices := make([]hotlineChoiceJSON, 0, len(hotlines))
	for _, h := range hotlines {
		choices = append(choices, hotlineChoiceJSON{ID: h.ID, Name: h.Name, Country: h.Country})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": len(items), "hotlines": choices})
}

// conflictRequest declares a conflict of interest with a hotline.
type conflictRequest struct {
	HotlineID string `json:"hotline_id"`
	Reason    string `json:"reason"`
}

// apiDeclareConflict records the reviewer's own conflict of interest: 201
// with it, 409 when one with that hotline is declared already.
func (s *Server) apiDeclareConflict(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var req conflictRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	created, err := s.svc.DeclareConflict(ctx, a, a.User.ID, req.HotlineID, req.Reason)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) && verr.Fields["hotline_id"].Key == "error.conflict_exists" {
		// The page shows the duplicate on its field; the API answers it as
		// the state it is (409).
		return assessments.Conflict("error.conflict_exists")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, conflictFrom(created))
}

// apiRemoveConflict withdraws one of the reviewer's conflicts; anyone
// else's is 404.
func (s *Server) apiRemoveConflict(c echo.Context) error {
	if err := s.svc.RemoveConflict(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
