package certificate

import (
	"fmt"
	"html"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/qr"
)

// quietZone is the white margin, in modules, that QR readers need around the
// symbol (ISO/IEC 18004 asks for 4).
const quietZone = 4

// qrMatrix encodes text as a QR code with error correction level M (about 15%
// of the symbol may be damaged or covered and it still scans, which suits a
// printed, handled certificate) and returns its modules, true meaning dark,
// indexed [y][x], without the quiet zone.
func qrMatrix(text string) ([][]bool, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("certificate: encoding QR code: %w", err)
	}
	b := code.Bounds()
	m := make([][]bool, b.Dy())
	for y := range m {
		m[y] = make([]bool, b.Dx())
		for x := range m[y] {
			r, _, _, _ := code.At(b.Min.X+x, b.Min.Y+y).RGBA()
			m[y][x] = r < 0x8000
		}
	}
	return m, nil
}

// drawQR draws the matrix as filled vector rectangles (one per horizontal run
// of dark modules) inside a white square of side size at (x, y), the quiet
// zone included. All runs are filled as one path so that rasterisers do not
// leave anti-aliasing seams between neighbouring modules. Vector modules stay
// sharp at any zoom or print resolution, unlike an embedded bitmap.
func drawQR(pdf *fpdf.Fpdf, m [][]bool, x, y, size float64) {
	n := len(m)
	if n == 0 {
		return
	}
	mod := size / float64(n+2*quietZone)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)

	// fpdf's own Rect would issue one fill per rectangle; write the runs as
	// subpaths of a single path in PDF user space (points, origin bottom
	// left) and fill it once.
	k := pdf.GetConversionRatio()
	_, pageH := pdf.GetPageSize()
	var sb strings.Builder
	x0, y0 := x+quietZone*mod, y+quietZone*mod
	for row := range n {
		for col := 0; col < n; {
			if !m[row][col] {
				col++
				continue
			}
			start := col
			for col < n && m[row][col] {
				col++
			}
			rx := x0 + float64(start)*mod
			ry := y0 + float64(row)*mod
			w := float64(col-start) * mod
			fmt.Fprintf(&sb, "%.3f %.3f %.3f %.3f re\n", rx*k, (pageH-ry-mod)*k, w*k, mod*k)
		}
	}
	sb.WriteString("f")
	pdf.RawWriteStr(sb.String())
}

// QRSVG draws text as a QR code in SVG, one path of dark runs on a white
// square with the quiet zone, for pages (such as the two-step sign-in
// set-up) that show a code to scan from the screen. The SVG holds no text
// of its own, only geometry, so it is safe to put into a page as is.
func QRSVG(text, title string) (string, error) {
	m, err := qrMatrix(text)
	if err != nil {
		return "", err
	}
	n := len(m) + 2*quietZone
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges">`,
		n, n, n*5, n*5, html.EscapeString(title))
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&sb, "M%d %dh%dv1h-%dz", start+quietZone, y+quietZone, x-start, x-start)
		}
	}
	sb.WriteString(`"/></svg>`)
	return sb.String(), nil
}
