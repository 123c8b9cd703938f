package server

import (
	"html/template"
	"math"
	"strings"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
)

// The network charts are drawn on the server as SVG: the geometry is
// computed here, the template writes the elements. Every chart prints its
// numbers, and a table with the same figures follows it.

// heatSteps is the heatmap's colour scale on 0-4 in steps of 0.5, dark to
// light (viridis), with the text colour that keeps at least 4.5:1 contrast
// on each step (see TestHeatmapContrast).
var heatSteps = []struct{ Fill, Text string }{
	{"#440154", "#ffffff"}, {"#46327e", "#ffffff"}, {"#365c8d", "#ffffff"}, {"#277f8e", "#ffffff"},
	{"#1fa187", "#000000"}, {"#4ac16d", "#000000"}, {"#a0da39", "#000000"}, {"#fde725", "#000000"},
}

// heatRef is the id of step i's square in the heatmap's definitions.
func heatRef(i int) string { return "hm" + itoa(i) }

// heatStep is the index of a 0-4 score on the scale.
func heatStep(v float64) int {
	return min(max(int(math.Floor(v*2)), 0), len(heatSteps)-1)
}

// Heatmap geometry, in SVG user units.
const (
	heatLabelW  = 210
	heatCellW   = 46
	heatCellH   = 24
	heatHeaderH = 28
)

// heatmapChart is the hotlines × sections grid.
type heatmapChart struct {
	Width, Height int
	Columns       []heatColumn
	Rows          []heatRow
}

type heatColumn struct {
	X     int // centre
	Label string
}

type heatRow struct {
	Y     int // top
	Label string
	Cells []heatCell
	// Hotline is the row's hotline, for the table that repeats the grid.
	Hotline assessments.NetworkHotline
	// SVG and TableCells are the row's markup, written here in one go: a
	// thousand template actions per page cost more than the figures.
	SVG        template.HTML
	TableCells template.HTML
}

// markup writes the row's SVG group and its table cells, escaped.
func (r *heatRow) markup() {
	var b strings.Builder
	b.WriteString(`<g transform="translate(0,` + itoa(r.Y) + `)"><text x="4" y="16" class="axis">` + template.HTMLEscapeString(r.Label) + `</text>`)
	for _, c := range r.Cells {
		b.WriteString(`<use href="#` + c.Ref + `" x="` + itoa(c.X) + `"/>`)
	}
	b.WriteString(`<g transform="translate(0,16)" text-anchor="middle" fill="#fff">`)
	var td strings.Builder
	for _, c := range r.Cells {
		ink := ""
		if c.Dark {
			ink = ` class="ink"`
		}
		text := template.HTMLEscapeString(c.Text)
		b.WriteString(`<text x="` + itoa(c.TX) + `"` + ink + `>` + text + `</text>`)
		td.WriteString(`<td>` + text + `</td>`)
	}
	b.WriteString(`</g></g>`)
	r.SVG, r.TableCells = template.HTML(b.String()), template.HTML(td.String())
}

// heatCell is one cell: Ref names its coloured square (the step's, or
// that of no score), Dark says its number is written in black.
type heatCell struct {
	X, TX int
	Ref   string
	Dark  bool
	Text  string
}

// newHeatmap lays out one page of hotlines: a column per section and one
// for the overall score.
func newHeatmap(p *Page, sections []framework.Section, rows []assessments.NetworkHotline) heatmapChart {
	cols := len(sections) + 1
	h := heatmapChart{Width: heatLabelW + cols*heatCellW, Height: heatHeaderH + len(rows)*heatCellH}
	for i, sec := range sections {
		h.Columns = append(h.Columns, heatColumn{X: heatLabelW + i*heatCellW + heatCellW/2, Label: sec.Code})
	}
	h.Columns = append(h.Columns, heatColumn{X: heatLabelW + len(sections)*heatCellW + heatCellW/2, Label: p.T("network.overall_short")})
	for i, r := range rows {
		row := heatRow{Y: heatHeaderH + i*heatCellH, Label: p.Excerpt(r.Name, 28), Hotline: r}
		for j, sec := range sections {
			v, ok := r.Sections[sec.Code]
			row.Cells = append(row.Cells, heatCellAt(p, j, v, ok))
		}
		var v float64
		if r.Overall != nil {
			v = *r.Overall
		}
		row.Cells = append(row.Cells, heatCellAt(p, len(sections), v, r.Overall != nil))
		row.markup()
		h.Rows = append(h.Rows, row)
	}
	return h
}

func heatCellAt(p *Page, col int, v float64, known bool) heatCell {
	x := heatLabelW + col*heatCellW
	c := heatCell{X: x, TX: x + heatCellW/2, Ref: "hm-none", Dark: true, Text: "–"}
	if known {
		i := heatStep(v)
		c.Ref, c.Dark, c.Text = heatRef(i), heatSteps[i].Text != "#ffffff", p.Decimal2(v)
	}
	return c
}

// legendStep is one step of the heatmap's legend: its colour and range.
type legendStep struct {
	X          int
	ID         string
	Fill, Ink  string
	From, Upto string
}

// heatLegend describes the colour scale.
func heatLegend(p *Page) []legendStep {
	out := make([]legendStep, 0, len(heatSteps))
	for i, st := range heatSteps {
		out = append(out, legendStep{
			X: i * 70, ID: heatRef(i), Fill: st.Fill, Ink: st.Text,
			From: p.Decimal2(float64(i) / 2), Upto: p.Decimal2(float64(i+1) / 2),
		})
	}
	return out
}

// distColours are the colours of the scores 0-4 in the stacked bars, from
// the same scale; white gaps separate the segments.
var distColours = [5]string{"#440154", "#365c8d", "#1fa187", "#a0da39", "#fde725"}

// Distribution geometry.
const (
	distLabelW = 90
	distBarW   = 400
	distRowH   = 20
	distTop    = 8
)

// distChart is one stacked bar per criterion: the share of each score.
type distChart struct {
	Width, Height int
	Rows          []distRow
	Legend        []distKey
}

type distRow struct {
	Y     int
	Code  string
	N     int
	Parts []distPart
}

type distPart struct {
	X, W int
	Fill string
}

type distKey struct {
	X     int
	Fill  string
	Score int
}

// newDistChart lays out the distributions.
func newDistChart(criteria []assessments.CriterionFigures) distChart {
	d := distChart{Width: distLabelW + distBarW + 70, Height: distTop + len(criteria)*distRowH + 30}
	for i, cf := range criteria {
		row := distRow{Y: distTop + i*distRowH, Code: cf.Code, N: cf.N}
		x := 0.0
		for v, n := range cf.Distribution {
			if n == 0 || cf.N == 0 {
				continue
			}
			w := float64(n) / float64(cf.N) * distBarW
			row.Parts = append(row.Parts, distPart{X: distLabelW + int(math.Round(x)), W: max(int(math.Round(x+w))-int(math.Round(x)), 1), Fill: distColours[v]})
			x += w
		}
		d.Rows = append(d.Rows, row)
	}
	for v, fill := range distColours {
		d.Legend = append(d.Legend, distKey{X: distLabelW + v*60, Fill: fill, Score: v})
	}
	return d
}

// Trend geometry: bars of the mean overall score on 0-4.
const (
	trendBarW   = 60
	trendGap    = 30
	trendPlotH  = 160
	trendTop    = 24
	trendBottom = 30
	trendLeft   = 40
)

// trendChart is one bar per year (network) or cycle (hotline).
type trendChart struct {
	Width, Height int
	Base          int
	Ticks         []trendTick
	Bars          []trendBar
}

type trendTick struct {
	Y     int
	Label string
}

type trendBar struct {
	X, Y, W, H int
	CX         int
	Label      string
	Value      string
}

// newTrendChart lays out bars of values (nil: no bar, a dash) labelled
// by labels.
func newTrendChart(p *Page, labels []string, values []*float64) trendChart {
	t := trendChart{
		Width: trendLeft + max(len(labels), 1)*(trendBarW+trendGap) + trendGap,
		Base:  trendTop + trendPlotH, Height: trendTop + trendPlotH + trendBottom,
	}
	for v := 0; v <= 4; v++ {
		t.Ticks = append(t.Ticks, trendTick{Y: t.Base - v*trendPlotH/4, Label: p.Decimal2(float64(v))})
	}
	for i, label := range labels {
		x := trendLeft + trendGap + i*(trendBarW+trendGap)
		b := trendBar{X: x, W: trendBarW, CX: x + trendBarW/2, Label: label, Value: "–", Y: t.Base}
		if v := values[i]; v != nil {
			b.H = int(math.Round(*v / 4 * trendPlotH))
			b.Y, b.Value = t.Base-b.H, p.Decimal2(*v)
		}
		t.Bars = append(t.Bars, b)
	}
	return t
}

// networkTrendChart draws the network's mean overall score per year.
func networkTrendChart(p *Page, points []assessments.TrendPoint) trendChart {
	labels := make([]string, len(points))
	values := make([]*float64, len(points))
	for i, pt := range points {
		labels[i], values[i] = itoa(pt.Year), pt.Overall
	}
	return newTrendChart(p, labels, values)
}

// hotlineTrendChart draws one hotline's overall score per cycle.
func hotlineTrendChart(p *Page, t *assessments.HotlineTrend) trendChart {
	labels := make([]string, len(t.Cycles))
	values := make([]*float64, len(t.Cycles))
	for i, cy := range t.Cycles {
		labels[i], values[i] = itoa(cy.DecidedAt.Year()), cy.Overall
	}
	return newTrendChart(p, labels, values)
}

// figureRow is a row of a trend table: its label (a link where Link is
// set), a second column (how many decisions, or the outcome), the overall
// and section scores written for people ("–" where none counts).
type figureRow struct {
	Label, Link string
	Second      string
	Overall     string
	Sections    []string
}

// sectionCells writes a score map in the order of the sections.
func sectionCells(p *Page, sections []framework.Section, m map[string]float64) []string {
	out := make([]string, len(sections))
	for i, sec := range sections {
		out[i] = "–"
		if v, ok := m[sec.Code]; ok {
			out[i] = p.Decimal2(v)
		}
	}
	return out
}

// trendRows are the network trend's table rows, a year each.
func trendRows(p *Page, sections []framework.Section, points []assessments.TrendPoint) []figureRow {
	out := make([]figureRow, 0, len(points))
	for _, pt := range points {
		out = append(out, figureRow{Label: itoa(pt.Year), Second: itoa(pt.N), Overall: p.Decimal(pt.Overall), Sections: sectionCells(p, sections, pt.Sections)})
	}
	return out
}

// cycleRows are one hotline's table rows, a cycle each.
func cycleRows(p *Page, sections []framework.Section, t *assessments.HotlineTrend) []figureRow {
	out := make([]figureRow, 0, len(t.Cycles))
	for _, cy := range t.Cycles {
		out = append(out, figureRow{
			Label: p.Date(cy.DecidedAt), Link: "/assessments/" + cy.AssessmentID + "/results", Second: p.T("outcome." + cy.Outcome),
			Overall: p.Decimal(cy.Overall), Sections: sectionCells(p, sections, cy.Sections),
		})
	}
	return out
}
