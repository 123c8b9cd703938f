package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// worklistPageSize is how many next actions the dashboard and each page
// of the full work list show.
const worklistPageSize = 50

// worklistData is the work list as a page: one page of the next actions,
// the counts per status, and the pager (nil on the dashboard).
type worklistData struct {
	Items  []assessments.WorkItem
	Total  int
	Counts []statusCount
	Pager  *Pager
}

// statusCount is the number of assessments in one status, in workflow
// order.
type statusCount struct {
	Status string
	N      int64
}

// worklistView cuts one page out of the work list.
func worklistView(c echo.Context, wl *assessments.Worklist, page assessments.Page, paged bool) worklistData {
	d := worklistData{Total: len(wl.Items)}
	for _, st := range assessments.WorkStatuses {
		d.Counts = append(d.Counts, statusCount{Status: string(st), N: wl.Counts[st]})
	}
	from := min(page.Offset(), len(wl.Items))
	to := min(from+page.Limit(), len(wl.Items))
	d.Items = wl.Items[from:to]
	if paged {
		p := newPager(c, page, int64(len(wl.Items)))
		d.Pager = &p
	}
	return d
}

// worklistPage is the secretariat's full work list, paged.
func (s *Server) worklistPage(c echo.Context) error {
	var q pageQuery
	if err := bind(c, &q); err != nil {
		return err
	}
	wl, err := s.svc.Worklist(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	data := worklistView(c, wl, q.page(worklistPageSize), true)
	return s.render(c, http.StatusOK, "worklist", s.newPage(c, "worklist.title", data))
}
