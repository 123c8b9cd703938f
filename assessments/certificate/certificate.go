package certificate

import (
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Certificate is everything printed on an accreditation certificate. Every
// string is final display text (translated labels, formatted dates), because
// this package knows nothing of languages or date formats: it only lays out.
type Certificate struct {
	Lang         string            // BCP 47 language of the labels, set as the PDF's language for screen readers
	Number       string            // unique certificate number, e.g. "MCE-2026-GR-0007"
	Issuer       string            // the issuing network's name, printed at the top
	Title        string            // e.g. "Certificate of accreditation"
	AwardedTo    string            // label, e.g. "is awarded to"
	HotlineName  string            // in its own script (Greek, Cyrillic, Latin with diacritics)
	HotlineLatin string            // English/common name, may be ""
	Country      string            // display name
	Outcome      string            // e.g. "Accredited with conditions"
	Conditions   []string          // one line each (already includes deadline text); may be empty
	Labels       map[string]string // keys: "country", "channels", "framework", "outcome", "conditions", "issued", "valid_until", "number", "verify"; a missing key falls back to English
	Channels     string            // e.g. "Phone, Chat, Email"
	Framework    string            // e.g. "mce-116000 2026.1"
	IssuedOn     string            // display date
	ValidUntil   string            // display date
	VerifyURL    string            // encoded in the QR code and printed under it; "" leaves both out
	// DossierSHA256 is the hash of the dossier frozen at the decision,
	// printed small at the foot ("" leaves the line out; label "dossier").
	DossierSHA256 string
	// Attachments are files embedded in the PDF, such as the signed
	// credential, so that the document carries its own proof.
	Attachments []Attachment
	// Second is the same fixed text in a second language (English beside
	// the hotline's own), printed after the first; nil prints one.
	Second *Wording
	// CreatedAt is written as the PDF's creation and modification date. Pass
	// the issue time: the same Certificate must always render the same bytes,
	// so the package never uses the clock. Zero means 2000-01-01 UTC.
	CreatedAt time.Time
}

// Wording is a certificate's fixed text in one language, for a bilingual
// certificate's second language.
type Wording struct {
	Lang, Issuer, Title, AwardedTo, Outcome string
	Labels                                  map[string]string
}

// both joins a text with its second-language counterpart, "Land / Country";
// the same text twice, or a missing one, is printed once.
func both(first, second string) string {
	first, second = strings.TrimSpace(first), strings.TrimSpace(second)
	if second == "" || second == first {
		return first
	}
	if first == "" {
		return second
	}
	return first + " / " + second
}

// labelIn is a label in the first language, with the second beside it.
func (c Certificate) labelIn(key string) string {
	if c.Second == nil {
		return label(c.Labels, key)
	}
	return both(label(c.Labels, key), label(c.Second.Labels, key))
}

// Page geometry of the certificate (A4 landscape, millimetres).
const (
	certW = 297.0
	certH = 210.0

	frameOuter  = 8.0  // inset of the thick outer border
	frameInner  = 10.8 // inset of the thin inner border
	frameAccent = 12.6 // inset of the gold accent line

	nameMaxPt   = 30.0 // hotline name size when it fits on one or two lines
	nameMinPt   = 14.0 // smallest size tried before the name may take a third line
	nameWidth   = 235.0
	nameLineFac = 1.18 // line height as a multiple of the font size

	qrSize = 40.0 // side of the QR code, quiet zone included
	qrX    = certW - frameAccent - 4 - qrSize
	qrY    = certH - frameAccent - 4 - 5 - qrSize

	bottomY = 106.0 // top of the details table and the conditions
	limitY  = certH - frameAccent - 4
)

// RenderCertificate renders c as a one-page A4 landscape PDF meant to be
// printed and hung on a wall: a blue double frame with a gold accent line,
// the issuer, the title, the hotline's name (shrunk to fit at most two lines),
// its Latin name and country, a details table, the conditions if any, and a
// QR code to the public verification page with that URL printed under it.
//
// Conditions that do not fit the first page, even in small type, continue on
// a second page with the same frame. The result is deterministic (see
// CreatedAt). It is safe to call from several goroutines at once.
func RenderCertificate(c Certificate) (out []byte, err error) {
	defer recoverRender("certificate", &err)
	if _, err := fontCoverage(); err != nil {
		return nil, err
	}

	var qrm [][]bool
	if c.VerifyURL != "" {
		if qrm, err = qrMatrix(c.VerifyURL); err != nil {
			return nil, err
		}
	}

	pdf := newDocument("L", c.Lang, joinNonEmpty(" – ", c.Title, c.HotlineName, c.Number), c.Issuer, c.CreatedAt)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.AddPage()
	drawFrame(pdf)

	// Issuer and title.
	y := 22.0
	colBlue.text(pdf)
	issuer := shrinkToFit(pdf, "B", Printable(c.Issuer), nameWidth, 13, 8)
	centered(pdf, y, ptToMM(13)*1.2, issuer)
	y += 8
	colAccent.draw(pdf)
	pdf.SetLineWidth(0.4)
	pdf.Line(certW/2-22, y, certW/2+22, y)
	diamond(pdf, certW/2, y, 1.4)
	y += 4
	title := shrinkToFit(pdf, "", Printable(c.Title), nameWidth, 30, 16)
	centered(pdf, y, 13, title)
	y += 16
	if c.Second != nil && strings.TrimSpace(c.Second.Title) != c.Title {
		colMuted.text(pdf)
		second := shrinkToFit(pdf, "", Printable(c.Second.Title), nameWidth, 12, 8)
		centered(pdf, y-3, 5, second)
		y += 3
	}

	// "is awarded to" and the name.
	colMuted.text(pdf)
	pdf.SetFont(fontFamily, "", 12.5)
	awarded := Printable(c.AwardedTo)
	if c.Second != nil {
		awarded = shrinkToFit(pdf, "", Printable(both(c.AwardedTo, c.Second.AwardedTo)), nameWidth, 12.5, 8)
	}
	centered(pdf, y, 6, awarded)
	y += 9

	// The name is centred in a slot two lines high at the largest size, so
	// that what follows stays in place whether the name takes one line or two.
	colBlue.text(pdf)
	size, lines := fitName(pdf, Printable(c.HotlineName))
	lh := ptToMM(size) * nameLineFac
	slot := 2 * ptToMM(nameMaxPt) * nameLineFac
	ny := y + max(0, (slot-float64(len(lines))*lh)/2)
	for _, l := range lines {
		centered(pdf, ny, lh, l)
		ny += lh
	}
	y = max(y+slot, ny) + 1.5
	if latin := strings.TrimSpace(c.HotlineLatin); latin != "" {
		colText.text(pdf)
		latin = shrinkToFit(pdf, "", Printable(latin), nameWidth, 13, 8)
		centered(pdf, y, 6.5, latin)
		y += 7
	}
	if country := strings.TrimSpace(c.Country); country != "" {
		colBlue.text(pdf)
		country = shrinkToFit(pdf, "B", Printable(country), nameWidth, 13, 8)
		centered(pdf, y, 6.5, country)
	}

	// Bottom band: details table, conditions, QR code.
	outcome := c.Outcome
	if c.Second != nil {
		outcome = both(c.Outcome, c.Second.Outcome)
	}
	rows := [][2]string{
		{c.labelIn("country"), c.Country},
		{c.labelIn("channels"), c.Channels},
		{c.labelIn("framework"), c.Framework},
		{c.labelIn("outcome"), outcome},
		{c.labelIn("issued"), c.IssuedOn},
		{c.labelIn("valid_until"), c.ValidUntil},
		{c.labelIn("number"), c.Number},
	}
	conditions := nonEmpty(c.Conditions)
	tableX := 32.0
	if len(conditions) == 0 {
		tableX = (certW - tableW) / 2
	}
	drawDetails(pdf, tableX, bottomY, rows)

	var rest []string
	if len(conditions) > 0 {
		x := tableX + tableW + 8
		w := qrX - 8 - x
		rest = drawConditions(pdf, x, bottomY, w, limitY-bottomY, c.labelIn("conditions"), conditions, condMaxPt, condMinPt)
	}

	if qrm != nil {
		drawQR(pdf, qrm, qrX, qrY, qrSize)
		colMuted.text(pdf)
		url := Printable(c.VerifyURL)
		urlW := 110.0
		url = shrinkToFit(pdf, "", url, urlW, 7.5, 5.5)
		pdf.SetXY(qrX+qrSize-urlW, qrY+qrSize+0.5)
		pdf.CellFormat(urlW, 3.5, url, "", 0, "RT", false, 0, "")
		verify := c.labelIn("verify")
		pdf.SetFont(fontFamily, "B", 7.5)
		colBlue.text(pdf)
		pdf.SetXY(qrX-60, qrY-4.5)
		pdf.CellFormat(60+qrSize, 4, fitText(pdf, verify, 60+qrSize), "", 0, "RT", false, 0, "")
	}

	if c.DossierSHA256 != "" {
		drawDossierHash(pdf, c.labelIn("dossier"), c.DossierSHA256)
	}
	if len(c.Attachments) > 0 {
		files := make([]fpdf.Attachment, 0, len(c.Attachments))
		for _, a := range c.Attachments {
			files = append(files, fpdf.Attachment{Filename: a.Name, Content: a.Content, Description: a.Description})
		}
		pdf.SetAttachments(files)
	}

	// Conditions that did not fit continue on a second page.
	for len(rest) > 0 {
		pdf.AddPage()
		drawFrame(pdf)
		colBlue.text(pdf)
		pdf.SetFont(fontFamily, "B", 11)
		centered(pdf, 22, 6, Printable(joinNonEmpty(" – ", c.HotlineName, c.Number)))
		rest = drawConditions(pdf, 32, 34, certW-64, limitY-34, c.labelIn("conditions"), rest, condMaxPt, condMaxPt)
	}
	return finish(pdf, "certificate")
}

// Attachment is a file embedded in a certificate PDF.
type Attachment struct {
	Name, Description string
	Content           []byte
}

// drawDossierHash prints the dossier's hash in small type at the foot of
// the first page, left of the QR code.
func drawDossierHash(pdf *fpdf.Fpdf, label, hash string) {
	colMuted.text(pdf)
	pdf.SetFont(fontFamily, "", 6)
	x := frameAccent + 4
	w := qrX - 8 - x
	pdf.SetXY(x, limitY-3)
	pdf.CellFormat(w, 3, fitText(pdf, Printable(label+" "+hash), w), "", 0, "LT", false, 0, "")
}

// drawFrame draws the border: thick outer line, thin inner line, gold accent
// line and small gold diamonds in the corners.
func drawFrame(pdf *fpdf.Fpdf) {
	colBlue.draw(pdf)
	pdf.SetLineJoinStyle("miter")
	pdf.SetLineWidth(1.6)
	pdf.Rect(frameOuter, frameOuter, certW-2*frameOuter, certH-2*frameOuter, "D")
	pdf.SetLineWidth(0.45)
	pdf.Rect(frameInner, frameInner, certW-2*frameInner, certH-2*frameInner, "D")
	colAccent.draw(pdf)
	pdf.SetLineWidth(0.25)
	pdf.Rect(frameAccent, frameAccent, certW-2*frameAccent, certH-2*frameAccent, "D")
	for _, p := range [][2]float64{
		{frameAccent, frameAccent}, {certW - frameAccent, frameAccent},
		{frameAccent, certH - frameAccent}, {certW - frameAccent, certH - frameAccent},
	} {
		diamond(pdf, p[0], p[1], 2.2)
	}
}

// diamond fills a small gold lozenge centred on (x, y).
func diamond(pdf *fpdf.Fpdf, x, y, r float64) {
	colAccent.fill(pdf)
	pdf.Polygon([]fpdf.PointType{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}, "F")
}

// centered draws one line of text centred across the page at y.
func centered(pdf *fpdf.Fpdf, y, h float64, s string) {
	pdf.SetXY(0, y)
	pdf.CellFormat(certW, h, s, "", 0, "CM", false, 0, "")
}

// fitName picks the largest size (nameMaxPt down to nameMinPt) at which the
// name fits on one line, or on two balanced lines, within nameWidth, and sets
// the bold font at that size. A name too long even then is wrapped at
// nameMinPt onto as many lines as it needs rather than cut.
func fitName(pdf *fpdf.Fpdf, name string) (float64, []string) {
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == ' ' }), " ")
	for size := nameMaxPt; size >= nameMinPt; size -= 0.5 {
		pdf.SetFont(fontFamily, "B", size)
		if pdf.GetStringWidth(name) <= nameWidth {
			return size, []string{name}
		}
		if a, b, ok := balancedSplit(pdf, name, nameWidth); ok {
			return size, []string{a, b}
		}
	}
	pdf.SetFont(fontFamily, "B", nameMinPt)
	return nameMinPt, wrap(pdf, name, nameWidth)
}

// balancedSplit breaks s at the space that makes the two lines most even,
// provided both fit width. Two even lines look deliberate on a certificate;
// a greedy wrap leaves one word alone on the second line.
func balancedSplit(pdf *fpdf.Fpdf, s string, width float64) (string, string, bool) {
	best, bestW := -1, width+1
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			continue
		}
		w1, w2 := pdf.GetStringWidth(s[:i]), pdf.GetStringWidth(s[i+1:])
		w := max(w1, w2)
		// Do not start the second line with a dash: keep "Sexual –" together.
		if strings.HasPrefix(s[i+1:], "–") || strings.HasPrefix(s[i+1:], "-") || strings.HasPrefix(s[i+1:], "—") {
			w += 0.5
		}
		if w <= width && w < bestW {
			best, bestW = i, w
		}
	}
	if best < 0 {
		return "", "", false
	}
	return s[:best], s[best+1:], true
}

// Details table geometry.
const (
	tableW    = 118.0
	tableLblW = 40.0
	tableRowH = 6.4
)

// drawDetails draws the label/value table with thin gold separators.
func drawDetails(pdf *fpdf.Fpdf, x, y float64, rows [][2]string) {
	colAccent.draw(pdf)
	pdf.SetLineWidth(0.2)
	pdf.Line(x, y, x+tableW, y)
	for _, row := range rows {
		if strings.TrimSpace(row[1]) == "" {
			continue
		}
		colMuted.text(pdf)
		lbl := shrinkToFit(pdf, "", row[0], tableLblW-2, 8.5, 6)
		pdf.SetXY(x, y)
		pdf.CellFormat(tableLblW, tableRowH, lbl, "", 0, "LM", false, 0, "")
		colText.text(pdf)
		val := shrinkToFit(pdf, "B", Printable(row[1]), tableW-tableLblW, 10, 6.5)
		pdf.SetXY(x+tableLblW, y)
		pdf.CellFormat(tableW-tableLblW, tableRowH, val, "", 0, "LM", false, 0, "")
		y += tableRowH
		pdf.Line(x, y, x+tableW, y)
	}
}

// Sizes of the conditions' text: shrunk from condMaxPt towards condMinPt
// until all conditions fit the box beside the table.
const (
	condMaxPt    = 9.5
	condMinPt    = 7.0
	bulletIndent = 4.0
	condHeadH    = 7.5 // heading and rule above the list
	condGap      = 0.8 // space between two conditions
)

// drawConditions draws the heading and as many whole conditions as fit in the
// box (x, y, w, h), at the largest size between max and min at which they all
// fit (or at min), and returns those left for a continuation page. A
// condition is never split across pages, so none is lost or repeated; only a
// condition taller than a whole box is cut, to guarantee progress.
func drawConditions(pdf *fpdf.Fpdf, x, y, w, h float64, heading string, conditions []string, maxPt, minPt float64) []string {
	size := minPt
	for s := maxPt; s >= minPt; s -= 0.5 {
		if condHeight(pdf, conditions, w, s) <= h {
			size = s
			break
		}
	}
	colBlue.text(pdf)
	pdf.SetFont(fontFamily, "B", 9.5)
	pdf.SetXY(x, y)
	pdf.CellFormat(w, 6.4, fitText(pdf, heading, w), "", 0, "LM", false, 0, "")
	colAccent.draw(pdf)
	pdf.SetLineWidth(0.2)
	pdf.Line(x, y+6.4, x+w, y+6.4)

	cy := y + condHeadH
	lh := ptToMM(size) * 1.3
	for i, c := range conditions {
		pdf.SetFont(fontFamily, "", size)
		lines := wrap(pdf, Printable(c), w-bulletIndent)
		if cy+float64(len(lines))*lh > y+h && i > 0 {
			return conditions[i:]
		}
		colAccent.text(pdf)
		pdf.SetXY(x, cy)
		pdf.CellFormat(bulletIndent, lh, "•", "", 0, "LM", false, 0, "")
		colText.text(pdf)
		for _, l := range lines {
			if cy+lh > y+h {
				break // a single condition taller than the box: cut
			}
			pdf.SetXY(x+bulletIndent, cy)
			pdf.CellFormat(w-bulletIndent, lh, l, "", 0, "LM", false, 0, "")
			cy += lh
		}
		cy += condGap
	}
	return nil
}

// condHeight is the height the conditions take at size pt in width w.
func condHeight(pdf *fpdf.Fpdf, conditions []string, w, size float64) float64 {
	pdf.SetFont(fontFamily, "", size)
	n := 0
	for _, c := range conditions {
		n += len(wrap(pdf, Printable(c), w-bulletIndent))
	}
	return condHeadH + float64(n)*ptToMM(size)*1.3 + float64(len(conditions))*condGap
}

// nonEmpty drops blank entries so an empty condition never draws a lone bullet.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	return strings.Join(nonEmpty(parts), sep)
}
