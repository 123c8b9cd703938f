package certificate

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// ReportSummary is what the report leads with after the decision: each
// section's score beside the network median, the strengths and what to
// improve first. Every string is final display text, headings included.
type ReportSummary struct {
	Heading string
	// SectionLabel, ScoreLabel and MedianLabel head the sections table.
	SectionLabel, ScoreLabel, MedianLabel string
	Sections                              []ReportSummarySection
	// Note explains the median (and why one may be withheld).
	Note string
	// StrengthsHeading and ImproveHeading head the two lists; Empty* is
	// printed when a list is empty.
	StrengthsHeading, ImproveHeading string
	EmptyStrengths, EmptyImprove     string
	Strengths, Improve               []ReportCriterion
}

// ReportSummarySection is one row of the summary table: Median is the
// network median or the reason it is withheld.
type ReportSummarySection struct {
	Code, Title, Score, Median string
}

// Summary table geometry (millimetres): code, title, score, median.
const (
	sumScoreW  = 34.0
	sumMedianW = 50.0
	sumTitleW  = repBodyW - codeW - sumScoreW - sumMedianW
	sumLineH   = 4.6
)

// drawSummary draws the summary: heading, sections table, note, lists.
func drawSummary(pdf *fpdf.Fpdf, s *ReportSummary) {
	subheading(pdf, Printable(s.Heading))
	colTint.fill(pdf)
	colMuted.text(pdf)
	pdf.SetFont(fontFamily, "B", 8.5)
	pdf.SetX(repMargin)
	pdf.CellFormat(codeW+sumTitleW, tableHeadH, fitText(pdf, Printable(s.SectionLabel), codeW+sumTitleW-2), "", 0, "LM", true, 0, "")
	pdf.CellFormat(sumScoreW, tableHeadH, fitText(pdf, Printable(s.ScoreLabel), sumScoreW-2), "", 0, "RM", true, 0, "")
	pdf.CellFormat(sumMedianW, tableHeadH, fitText(pdf, Printable(s.MedianLabel), sumMedianW-2), "", 1, "RM", true, 0, "")
	for _, sec := range s.Sections {
		drawSummaryRow(pdf, sec)
	}
	if note := strings.TrimSpace(s.Note); note != "" {
		pdf.Ln(1.5)
		colMuted.text(pdf)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetX(repMargin)
		pdf.MultiCell(repBodyW, 3.8, Printable(note), "", "L", false)
	}
	pdf.Ln(2)
	drawSummaryList(pdf, s.StrengthsHeading, s.EmptyStrengths, s.Strengths)
	drawSummaryList(pdf, s.ImproveHeading, s.EmptyImprove, s.Improve)
}

// drawSummaryRow draws one section: code, wrapped title, score, median
// (wrapped too: a withheld median is a short sentence).
func drawSummaryRow(pdf *fpdf.Fpdf, sec ReportSummarySection) {
	pdf.SetFont(fontFamily, "", 9)
	title := wrap(pdf, Printable(sec.Title), sumTitleW-2)
	median := wrap(pdf, Printable(sec.Median), sumMedianW-2)
	h := float64(max(len(title), len(median), 1))*sumLineH + 1.5
	keepTogether(pdf, h)
	y := pdf.GetY()
	colText.text(pdf)
	pdf.SetXY(repMargin, y+0.75)
	pdf.CellFormat(codeW, sumLineH, fitText(pdf, Printable(sec.Code), codeW-2), "", 0, "LT", false, 0, "")
	for i, l := range title {
		pdf.SetXY(repMargin+codeW, y+0.75+float64(i)*sumLineH)
		pdf.CellFormat(sumTitleW, sumLineH, l, "", 0, "LT", false, 0, "")
	}
	colBlue.text(pdf)
	pdf.SetFont(fontFamily, "B", 9)
	pdf.SetXY(repMargin+codeW+sumTitleW, y+0.75)
	pdf.CellFormat(sumScoreW, sumLineH, fitText(pdf, Printable(sec.Score), sumScoreW-2), "", 0, "RT", false, 0, "")
	colText.text(pdf)
	pdf.SetFont(fontFamily, "", 9)
	for i, l := range median {
		pdf.SetXY(repW-repMargin-sumMedianW, y+0.75+float64(i)*sumLineH)
		pdf.CellFormat(sumMedianW, sumLineH, l, "", 0, "RT", false, 0, "")
	}
	pdf.SetY(y + h)
	colRule.draw(pdf)
	pdf.SetLineWidth(0.2)
	pdf.Line(repMargin, y+h, repW-repMargin, y+h)
}

// drawSummaryList draws a heading and one bullet per criterion: "code
// title: score".
func drawSummaryList(pdf *fpdf.Fpdf, heading, empty string, criteria []ReportCriterion) {
	subheading(pdf, Printable(heading))
	colText.text(pdf)
	pdf.SetFont(fontFamily, "", 9.5)
	if len(criteria) == 0 {
		bullet(pdf, repMargin, repBodyW, 4.8, Printable(empty))
	}
	for _, c := range criteria {
		line := joinNonEmpty(" ", Printable(c.Code), Printable(c.Title))
		if s := strings.TrimSpace(c.Score); s != "" {
			line += ": " + Printable(s)
		}
		bullet(pdf, repMargin, repBodyW, 4.8, line)
	}
	pdf.Ln(2)
}
