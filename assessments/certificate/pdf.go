package certificate

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
)

// creator is written as the PDF's Creator so a file found later can be traced
// back to the portal.
const creator = "hotlineportal"

// epoch stands in for a zero CreatedAt. fpdf would use time.Now for a zero
// date, which would make every download of the same certificate differ.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Colours of the design.
var (
	colBlue   = rgb{0x13, 0x35, 0x5e} // deep blue of frame and titles
	colAccent = rgb{0xb0, 0x8d, 0x57} // muted gold accent line and ornaments
	colText   = rgb{0x22, 0x2b, 0x36} // body text, softer than pure black
	colMuted  = rgb{0x5b, 0x66, 0x73} // labels and secondary text
	colTint   = rgb{0xe8, 0xee, 0xf5} // light blue fills in the report
	colRule   = rgb{0xc9, 0xd3, 0xde} // hairlines in the report
)

type rgb struct{ r, g, b int }

func (c rgb) text(pdf *fpdf.Fpdf) { pdf.SetTextColor(c.r, c.g, c.b) }
func (c rgb) draw(pdf *fpdf.Fpdf) { pdf.SetDrawColor(c.r, c.g, c.b) }
func (c rgb) fill(pdf *fpdf.Fpdf) { pdf.SetFillColor(c.r, c.g, c.b) }

// ptToMM converts a font size in points to millimetres, the document unit.
func ptToMM(pt float64) float64 { return pt * 25.4 / 72 }

// newDocument creates an A4 document in millimetres with both DejaVu styles
// registered and the metadata that makes the output deterministic.
func newDocument(orientation, lang, title, author string, created time.Time) *fpdf.Fpdf {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", dejavusans.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", dejavusansbold.TTF)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	if created.IsZero() {
		created = epoch
	}
	// fpdf formats the date without a zone: use UTC so that servers in
	// different time zones render the same bytes.
	created = created.UTC()
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetTitle(Printable(title), true)
	pdf.SetAuthor(Printable(author), true)
	pdf.SetCreator(creator, true)
	pdf.SetLang(cleanLang(lang))
	return pdf
}

// cleanLang keeps only the characters a BCP 47 tag can contain: fpdf writes
// the language into the catalogue unescaped, so a stray parenthesis would
// corrupt the file.
func cleanLang(lang string) string {
	var b strings.Builder
	for _, r := range lang {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else if r == '_' {
			b.WriteByte('-')
		}
		if b.Len() >= 35 {
			break
		}
	}
	return b.String()
}

// finish writes the document, turning fpdf's sticky error into a Go error.
func finish(pdf *fpdf.Fpdf, what string) ([]byte, error) {
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("certificate: rendering %s: %w", what, err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("certificate: writing %s: %w", what, err)
	}
	return buf.Bytes(), nil
}

// recoverRender turns a panic inside fpdf into an error, so that one odd
// certificate can never take the portal down. Printable should make this
// unreachable; it is a second line of defence.
func recoverRender(what string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("certificate: rendering %s panicked: %v", what, r)
	}
}

// label returns the caller's translation for key, or an English fallback so
// that a missing key shows a sensible word instead of nothing.
func label(labels map[string]string, key string) string {
	if s, ok := labels[key]; ok && strings.TrimSpace(s) != "" {
		return Printable(s)
	}
	return defaultLabels[key]
}

var defaultLabels = map[string]string{
	"country":     "Country",
	"channels":    "Channels",
	"framework":   "Framework",
	"outcome":     "Outcome",
	"conditions":  "Conditions",
	"issued":      "Issued",
	"valid_until": "Valid until",
	"number":      "Number",
	"verify":      "Verify",
	"dossier":     "Dossier SHA-256:",
	"section":     "Section",
	"criterion":   "Criterion",
	"score":       "Score",
	"comments":    "Comments",
	"decision":    "Decision",
	"rationale":   "Rationale",
	"page":        "Page",
}

// fitText returns s, shortened with an ellipsis if needed, so that it fits
// width at the current font. Used where a wrap would break the layout.
func fitText(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// shrinkToFit sets the largest font size between max and min (in points,
// half-point steps) at which s fits width on one line and returns the text
// to draw, truncated only if it does not fit even at min.
func shrinkToFit(pdf *fpdf.Fpdf, style, s string, width, max, min float64) string {
	for size := max; size >= min; size -= 0.5 {
		pdf.SetFont(fontFamily, style, size)
		if pdf.GetStringWidth(s) <= width {
			return s
		}
	}
	pdf.SetFont(fontFamily, style, min)
	return fitText(pdf, s, width)
}

// wrap splits s into lines no wider than width at the current font, breaking
// at ordinary spaces (a no-break space holds) and, for a word longer than a line, inside the word.
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	var lines []string
	for para := range strings.SplitSeq(s, "\n") {
		words := strings.FieldsFunc(para, func(r rune) bool { return r == ' ' }) // not NBSP
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, w := range words {
			for pdf.GetStringWidth(w) > width {
				// Hard-break an over-long word (a URL, a long number).
				if cur != "" {
					lines = append(lines, cur)
					cur = ""
				}
				r := []rune(w)
				n := len(r) - 1
				for n > 1 && pdf.GetStringWidth(string(r[:n])) > width {
					n--
				}
				lines = append(lines, string(r[:n]))
				w = string(r[n:])
			}
			switch {
			case cur == "":
				cur = w
			case pdf.GetStringWidth(cur+" "+w) <= width:
				cur += " " + w
			default:
				lines = append(lines, cur)
				cur = w
			}
		}
		lines = append(lines, cur)
	}
	return lines
}
