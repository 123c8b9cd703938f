package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// benchmarkSectionJSON is one section of api.md's benchmark: the hotline's
// score beside the network median (null while network_n is under the k
// rule's threshold), with its title in the caller's language.
type benchmarkSectionJSON struct {
	Section       string   `json:"section"`
	Title         string   `json:"title"`
	Score         *float64 `json:"score"`
	NetworkMedian *float64 `json:"network_median"`
	NetworkN      int      `json:"network_n"`
}

// apiBenchmark shows where a decided assessment's hotline stands in the
// network, section by section (that hotline's manager, or the
// secretariat).
func (s *Server) apiBenchmark(c echo.Context) error {
	b, err := s.svc.Benchmark(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	lang := localizer(c).Lang
	out := make([]benchmarkSectionJSON, 0, len(b.Sections))
	for _, sec := range b.Sections {
		title, _ := sec.Title.In(lang)
		out = append(out, benchmarkSectionJSON{Section: sec.Code, Title: title, Score: sec.Score, NetworkMedian: sec.NetworkMedian, NetworkN: sec.NetworkN})
	}
	return c.JSON(http.StatusOK, map[string]any{"sections": out})
}
