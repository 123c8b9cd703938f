package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiMyDataRequests lists the caller's own erasure and correction
// requests with their answers, as the account page shows them.
func (s *Server) apiMyDataRequests(c echo.Context) error {
	items, err := s.svc.MyDataRequests(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	out := make([]dataRequestJSON, 0, len(items))
	for i := range items {
		out = append(out, dataRequestFrom(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": len(out)})
}
