package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// heatmapPageSize is how many hotlines one page of the heatmap shows, so
// that the page stays light at a thousand hotlines.
const heatmapPageSize = 50

// networkData is the network page: the filters, the figures and their
// charts.
type networkData struct {
	Figs       *assessments.NetworkFigures
	Filter     assessments.NetworkQuery
	Frameworks []models.Framework
	// Rows are the heatmap's hotlines on this page; Choices the hotlines
	// the trend select offers (this page's, and the chosen one).
	Rows    []assessments.NetworkHotline
	Choices []hotlineChoice
	Pager   Pager
	// Titles names criteria and sections by code, in the page language.
	Titles   map[string]string
	Heatmap  heatmapChart
	Legend   []legendStep
	Dist     distChart
	Trend    trendChart
	HotTrend trendChart
	// TrendRows and CycleRows are the trend tables.
	TrendRows []figureRow
	CycleRows []figureRow
	// Weakest pairs each weak criterion with its title.
	Weakest []assessments.WeakCriterion
}

// hotlineChoice is one option of the hotline select.
type hotlineChoice struct {
	ID, Name string
}

// networkPage shows the network at a glance (secretariat): a heatmap of
// hotlines by section, the distribution of the reviewers' scores per
// criterion, the weakest criteria and the trend, each chart followed by
// its figures in a table.
func (s *Server) networkPage(c echo.Context) error {
	var f networkFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	ctx := c.Request().Context()
	figs, err := s.svc.NetworkAnalytics(ctx, actor(c), f.query())
	if err != nil {
		return err
	}
	fws, err := s.svc.ListFrameworks(ctx, actor(c))
	if err != nil {
		return err
	}
	p := s.newPage(c, "network.title", nil)
	d := &networkData{Figs: figs, Filter: figs.Query, Frameworks: publishedFrameworks(fws), Titles: sectionTitles(p, figs.Sections)}
	page := assessments.Page{Number: max(f.Page, 1), Size: heatmapPageSize}
	pages := max((len(figs.Hotlines)+heatmapPageSize-1)/heatmapPageSize, 1)
	page.Number = min(page.Number, pages)
	from := (page.Number - 1) * heatmapPageSize
	d.Rows = figs.Hotlines[from:min(from+heatmapPageSize, len(figs.Hotlines))]
	d.Pager = newPager(c, page, int64(len(figs.Hotlines)))
	d.Choices = hotlineChoices(d.Rows, figs.Hotline)
	d.Heatmap = newHeatmap(p, figs.Sections, d.Rows)
	d.Legend = heatLegend(p)
	d.Dist = newDistChart(figs.Criteria)
	d.Trend = networkTrendChart(p, figs.Trend)
	d.TrendRows = trendRows(p, figs.Sections, figs.Trend)
	if figs.Hotline != nil {
		d.HotTrend = hotlineTrendChart(p, figs.Hotline)
		d.CycleRows = cycleRows(p, figs.Sections, figs.Hotline)
	}
	d.Weakest = figs.Weakest
	p.Data = d
	return s.render(c, http.StatusOK, "network", p)
}

// publishedFrameworks keeps the versions assessments can be on.
func publishedFrameworks(fws []models.Framework) []models.Framework {
	out := make([]models.Framework, 0, len(fws))
	for _, fw := range fws {
		if fw.Status == models.FrameworkPublished {
			out = append(out, fw)
		}
	}
	return out
}

// sectionTitles names each section and criterion of a framework by code,
// in the page language.
func sectionTitles(p *Page, sections []framework.Section) map[string]string {
	out := map[string]string{}
	for _, sec := range sections {
		out[sec.Code] = p.Text(sec.Title)
		for _, cr := range sec.Criteria {
			out[cr.Code] = p.Text(cr.Title)
		}
	}
	return out
}

// hotlineChoices are the hotlines of the heatmap page, and the chosen one
// when it is elsewhere: a select of a thousand names would weigh more than
// the rest of the page.
func hotlineChoices(rows []assessments.NetworkHotline, chosen *assessments.HotlineTrend) []hotlineChoice {
	out := make([]hotlineChoice, 0, len(rows)+1)
	found := false
	for _, r := range rows {
		out = append(out, hotlineChoice{ID: r.HotlineID, Name: r.Name})
		found = found || (chosen != nil && chosen.HotlineID == r.HotlineID)
	}
	if chosen != nil && !found {
		out = append([]hotlineChoice{{ID: chosen.HotlineID, Name: chosen.Name}}, out...)
	}
	return out
}
