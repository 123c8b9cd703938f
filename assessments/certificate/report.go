package certificate

import (
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Report is the assessment report: the decision, its rationale and conditions,
// then every section and criterion with its score and the reviewers'
// comments. Every string is final display text, as for Certificate.
type Report struct {
	Lang, Title, HotlineName, Country, Number string
	// Labels keys: "section", "criterion", "score", "comments", "decision",
	// "rationale", "conditions", "page"; a missing key falls back to English.
	Labels              map[string]string
	Decision, Rationale string
	Conditions          []string
	// Summary, when set, is printed after the decision: sections beside
	// the network, strengths, what to improve first.
	Summary  *ReportSummary
	Sections []ReportSection
	// CreatedAt is the PDF's creation date; see Certificate.CreatedAt. Zero
	// means 2000-01-01 UTC, so the same Report always renders the same bytes.
	CreatedAt time.Time
}

// ReportSection is one section of the framework with its score and criteria,
// printed as a heading followed by a table of its criteria.
type ReportSection struct {
	Code, Title, Score string
	Criteria           []ReportCriterion
}

// ReportCriterion is one row of a section's table: the criterion, its score,
// and the reviewers' comments (each may span several lines; "\n" is kept).
type ReportCriterion struct {
	Code, Title, Score string
	Comments           []string
}

// Report page geometry (A4 portrait, millimetres).
const (
	repW       = 210.0
	repH       = 297.0
	repMargin  = 18.0
	repBottom  = 20.0 // bottom margin, leaves room for the footer
	repBodyW   = repW - 2*repMargin
	codeW      = 16.0
	scoreW     = 26.0
	titleW     = repBodyW - codeW - scoreW
	critLineH  = 4.8 // line height of a criterion's title
	tableHeadH = 6.0
)

// RenderReport renders r as an A4 portrait PDF of as many pages as it needs,
// with a running header from the second page and "page n / total" in the
// footer. Long titles and comments wrap; a criterion row is never split from
// its first lines. Deterministic and safe for concurrent use, like
// RenderCertificate.
func RenderReport(r Report) (out []byte, err error) {
	defer recoverRender("report", &err)
	if _, err := fontCoverage(); err != nil {
		return nil, err
	}
	pdf := newDocument("P", r.Lang, joinNonEmpty(" – ", r.Title, r.HotlineName, r.Number), "", r.CreatedAt)
	pdf.SetMargins(repMargin, repMargin, repMargin)
	pdf.SetAutoPageBreak(true, repBottom)
	pdf.SetCellMargin(1)
	pdf.AliasNbPages("{nb}")

	title := Printable(r.Title)
	name := Printable(r.HotlineName)
	pageLabel := label(r.Labels, "page")
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		colMuted.text(pdf)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetXY(repMargin, 9)
		pdf.CellFormat(repBodyW, 4, fitText(pdf, joinNonEmpty(" · ", title, name), repBodyW-2), "", 0, "LM", false, 0, "")
		colRule.draw(pdf)
		pdf.SetLineWidth(0.2)
		pdf.Line(repMargin, 14, repW-repMargin, 14)
		pdf.SetY(repMargin)
	})
	pdf.SetFooterFunc(func() {
		colRule.draw(pdf)
		pdf.SetLineWidth(0.2)
		pdf.Line(repMargin, repH-14, repW-repMargin, repH-14)
		colMuted.text(pdf)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetXY(repMargin, repH-13)
		pdf.CellFormat(repBodyW*0.7, 4, fitText(pdf, Printable(r.Number), repBodyW*0.7), "", 0, "LM", false, 0, "")
		pdf.SetXY(repMargin+repBodyW*0.7, repH-13)
		pdf.CellFormat(repBodyW*0.3, 4, pageLabel+" "+strconv.Itoa(pdf.PageNo())+" / {nb}", "", 0, "RM", false, 0, "")
	})
	pdf.AddPage()

	// Title block.
	colBlue.draw(pdf)
	pdf.SetLineWidth(1.2)
	pdf.Line(repMargin, 12, repW-repMargin, 12)
	colBlue.text(pdf)
	pdf.SetFont(fontFamily, "B", 18)
	pdf.SetXY(repMargin, 16)
	pdf.MultiCell(repBodyW, ptToMM(18)*1.25, title, "", "L", false)
	pdf.SetFont(fontFamily, "B", 13)
	colText.text(pdf)
	pdf.MultiCell(repBodyW, ptToMM(13)*1.3, name, "", "L", false)
	colMuted.text(pdf)
	pdf.SetFont(fontFamily, "", 10)
	pdf.MultiCell(repBodyW, 5, joinNonEmpty(" · ", Printable(r.Country), Printable(r.Number)), "", "L", false)
	pdf.Ln(4)

	// Decision, rationale, conditions.
	if strings.TrimSpace(r.Decision) != "" {
		keepTogether(pdf, 14)
		colTint.fill(pdf)
		y := pdf.GetY()
		pdf.SetFont(fontFamily, "B", 12)
		lines := wrap(pdf, Printable(r.Decision), repBodyW-50)
		h := max(10, float64(len(lines))*6+4)
		pdf.Rect(repMargin, y, repBodyW, h, "F")
		colBlue.fill(pdf)
		pdf.Rect(repMargin, y, 1.2, h, "F")
		colMuted.text(pdf)
		pdf.SetFont(fontFamily, "", 9)
		pdf.SetXY(repMargin+4, y+2)
		pdf.CellFormat(42, 6, fitText(pdf, label(r.Labels, "decision"), 40), "", 0, "LM", false, 0, "")
		colBlue.text(pdf)
		pdf.SetFont(fontFamily, "B", 12)
		for i, l := range lines {
			pdf.SetXY(repMargin+46, y+2+float64(i)*6)
			pdf.CellFormat(repBodyW-50, 6, l, "", 0, "LM", false, 0, "")
		}
		pdf.SetY(y + h + 4)
	}
	if r.Summary != nil {
		drawSummary(pdf, r.Summary)
	}
	if strings.TrimSpace(r.Rationale) != "" {
		subheading(pdf, label(r.Labels, "rationale"))
		colText.text(pdf)
		pdf.SetFont(fontFamily, "", 10)
		pdf.MultiCell(repBodyW, 5, printableMultiline(strings.TrimRight(r.Rationale, "\r\n")), "", "L", false)
		pdf.Ln(3)
	}
	if conds := nonEmpty(r.Conditions); len(conds) > 0 {
		subheading(pdf, label(r.Labels, "conditions"))
		pdf.SetFont(fontFamily, "", 10)
		for _, c := range conds {
			bullet(pdf, repMargin, repBodyW, 5, printableMultiline(strings.TrimRight(c, "\r\n")))
		}
		pdf.Ln(3)
	}

	// Sections.
	sectionLabel := label(r.Labels, "section")
	for _, s := range r.Sections {
		drawSection(pdf, r.Labels, sectionLabel, s)
	}
	return finish(pdf, "report")
}

// drawSection draws a section heading bar with its score, the table header
// and one row per criterion followed by its comments.
func drawSection(pdf *fpdf.Fpdf, labels map[string]string, sectionLabel string, s ReportSection) {
	scoreText := ""
	if strings.TrimSpace(s.Score) != "" {
		scoreText = label(labels, "score") + ": " + Printable(s.Score)
	}
	pdf.SetFont(fontFamily, "B", 9.5)
	scoreWidth := min(pdf.GetStringWidth(scoreText)+4, 60)
	head := strings.TrimSpace(sectionLabel + " " + Printable(s.Code))
	if t := Printable(strings.TrimSpace(s.Title)); t != "" {
		head += ": " + t
	}
	pdf.SetFont(fontFamily, "B", 11)
	lines := wrap(pdf, head, repBodyW-scoreWidth-6)
	h := float64(len(lines))*5.5 + 3

	// Keep the heading with the table header and the first row.
	need := 3 + h + tableHeadH
	if len(s.Criteria) > 0 {
		need += criterionNeed(pdf, s.Criteria[0])
	}
	keepTogether(pdf, need)
	pdf.Ln(3)
	y := pdf.GetY()
	pdf.SetFont(fontFamily, "B", 11)
	colBlue.fill(pdf)
	pdf.Rect(repMargin, y, repBodyW, h, "F")
	pdf.SetTextColor(255, 255, 255)
	for i, l := range lines {
		pdf.SetXY(repMargin+2, y+1.5+float64(i)*5.5)
		pdf.CellFormat(repBodyW-scoreWidth-4, 5.5, l, "", 0, "LM", false, 0, "")
	}
	pdf.SetFont(fontFamily, "B", 9.5)
	pdf.SetXY(repW-repMargin-scoreWidth-2, y+1.5)
	pdf.CellFormat(scoreWidth, 5.5, fitText(pdf, scoreText, scoreWidth), "", 0, "RM", false, 0, "")
	pdf.SetY(y + h)

	// Table header.
	colTint.fill(pdf)
	colMuted.text(pdf)
	pdf.SetFont(fontFamily, "B", 8.5)
	pdf.SetX(repMargin)
	pdf.CellFormat(codeW, tableHeadH, "", "", 0, "LM", true, 0, "")
	pdf.CellFormat(repBodyW-codeW-scoreW, tableHeadH, fitText(pdf, label(labels, "criterion"), repBodyW-codeW-scoreW-2), "", 0, "LM", true, 0, "")
	pdf.CellFormat(scoreW, tableHeadH, fitText(pdf, label(labels, "score"), scoreW-2), "", 1, "RM", true, 0, "")

	commentsLabel := label(labels, "comments")
	for _, c := range s.Criteria {
		drawCriterion(pdf, commentsLabel, c)
	}
}

// drawCriterion draws one table row (code, wrapped title, score), then the
// comments indented under the title, wrapped with MultiCell.
func drawCriterion(pdf *fpdf.Fpdf, commentsLabel string, c ReportCriterion) {
	keepTogether(pdf, criterionNeed(pdf, c))
	pdf.SetFont(fontFamily, "B", 9.5)
	lines := wrap(pdf, Printable(c.Title), titleW-2)
	h := float64(len(lines))*critLineH + 2
	lh := critLineH
	y := pdf.GetY()
	colText.text(pdf)
	pdf.SetFont(fontFamily, "", 9)
	pdf.SetXY(repMargin, y+1)
	pdf.CellFormat(codeW, lh, fitText(pdf, Printable(c.Code), codeW-2), "", 0, "LT", false, 0, "")
	pdf.SetFont(fontFamily, "B", 9.5)
	for i, l := range lines {
		pdf.SetXY(repMargin+codeW, y+1+float64(i)*lh)
		pdf.CellFormat(titleW, lh, l, "", 0, "LT", false, 0, "")
	}
	colBlue.text(pdf)
	pdf.SetXY(repW-repMargin-scoreW, y+1)
	pdf.CellFormat(scoreW, lh, fitText(pdf, Printable(c.Score), scoreW-2), "", 0, "RT", false, 0, "")
	pdf.SetY(y + h)

	if comments := nonEmpty(c.Comments); len(comments) > 0 {
		colMuted.text(pdf)
		pdf.SetFont(fontFamily, "B", 8)
		pdf.SetX(repMargin + codeW)
		pdf.CellFormat(titleW, 4.2, commentsLabel, "", 1, "LM", false, 0, "")
		pdf.SetFont(fontFamily, "", 8.5)
		colText.text(pdf)
		for _, cm := range comments {
			bullet(pdf, repMargin+codeW, repBodyW-codeW, 4.2, printableMultiline(strings.TrimRight(cm, "\r\n")))
		}
		pdf.Ln(1)
	}
	colRule.draw(pdf)
	pdf.SetLineWidth(0.2)
	y = pdf.GetY()
	pdf.Line(repMargin, y, repW-repMargin, y)
}

// criterionNeed is the height that must stay together for a criterion: its
// row and, if it has comments, the "comments" label and a first line.
func criterionNeed(pdf *fpdf.Fpdf, c ReportCriterion) float64 {
	pdf.SetFont(fontFamily, "B", 9.5)
	need := float64(len(wrap(pdf, Printable(c.Title), titleW-2)))*critLineH + 2
	if len(nonEmpty(c.Comments)) > 0 {
		need += 9
	}
	return need
}

// subheading draws a small blue heading, kept on the page with what follows.
func subheading(pdf *fpdf.Fpdf, s string) {
	keepTogether(pdf, 16)
	colBlue.text(pdf)
	pdf.SetFont(fontFamily, "B", 10.5)
	pdf.SetX(repMargin)
	pdf.CellFormat(repBodyW, 6, s, "", 1, "LM", false, 0, "")
}

// bullet draws "–" and then s wrapped with MultiCell with a hanging indent.
// MultiCell breaks the page itself when the text runs past the bottom.
func bullet(pdf *fpdf.Fpdf, x, w, lh float64, s string) {
	keepTogether(pdf, lh)
	pdf.SetX(x)
	pdf.CellFormat(4, lh, "–", "", 0, "LT", false, 0, "")
	pdf.SetX(x + 4)
	pdf.MultiCell(w-4, lh, s, "", "L", false)
}

// keepTogether starts a new page when less than h remains above the bottom
// margin, so a heading or a row's first lines are not left orphaned.
func keepTogether(pdf *fpdf.Fpdf, h float64) {
	if pdf.GetY()+h > repH-repBottom {
		x := pdf.GetX()
		pdf.AddPage()
		pdf.SetX(x)
	}
}
