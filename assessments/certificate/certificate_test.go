package certificate

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// demoNames are the demo operators' names, in their own scripts. They must
// print exactly, which is what the certificate is for.
var demoNames = []string{
	"Το Χαμόγελο του Παιδιού",
	"Фондация „Център Надя“",
	"ГО «Магнолія» – «Служба розшуку дітей»",
	"Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych",
	"Dingusių žmonių šeimų paramos centras",
	"Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS",
	"«Hope For Children» CRC Policy Center & ΣΠΑΒΟ",
	"Ztracené dítě",
	"Kék Vonal – Eltűnt Gyerekek Segélyvonala",
	"Fundación ANAR – Teléfono/Chat ANAR 116 000",
	"Droit d'Enfance – 116 000 Enfants Disparus",
	"Centar za nestalu i zlostavljanu djecu (CNZD)",
	"Instituto de Apoio à Criança (IAC) – Linha SOS Criança Desaparecida",
	"Initiative Vermisste Kinder",
}

func sampleCertificate(name string) Certificate {
	return Certificate{
		Lang:         "en",
		Number:       "MCE-2026-GR-0007",
		Issuer:       "Missing Children Europe – 116 000 Network",
		Title:        "Certificate of accreditation",
		AwardedTo:    "is awarded to",
		HotlineName:  name,
		HotlineLatin: "The Smile of the Child",
		Country:      "Greece",
		Outcome:      "Accredited with conditions",
		Conditions: []string{
			"Publish the complaints procedure on the hotline's website (by 30 September 2026).",
			"Train all new call handlers in safeguarding within three months of joining (by 31 December 2026).",
		},
		Labels: map[string]string{
			"country": "Country", "channels": "Channels", "framework": "Framework",
			"outcome": "Outcome", "conditions": "Conditions", "issued": "Issued",
			"valid_until": "Valid until", "number": "Certificate number", "verify": "Verify this certificate",
		},
		Channels:   "Phone, Chat, Email",
		Framework:  "mce-116000 2026.1",
		IssuedOn:   "12 March 2026",
		ValidUntil: "11 March 2029",
		VerifyURL:  "https://portal.116000.example.eu/verify/MCE-2026-GR-0007",
		CreatedAt:  time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC),
	}
}

// needTool returns the path of a poppler tool, or skips the test when it is
// missing, except under CI where a missing tool is a failure.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// pdfText extracts the text of a PDF with pdftotext -layout, which keeps
// the visual lines (a centred name stays whole).
func pdfText(t *testing.T, pdf []byte) string { return pdftotext(t, pdf, "-layout") }

// pdfRawText extracts the text in content-stream order (pdftotext -raw), so
// that a wrapped condition beside the details table is not interleaved with
// the table's columns.
func pdfRawText(t *testing.T, pdf []byte) string { return pdftotext(t, pdf, "-raw") }

func pdftotext(t *testing.T, pdf []byte, mode string) string {
	t.Helper()
	tool := needTool(t, "pdftotext")
	cmd := exec.Command(tool, mode, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// collapse turns every run of whitespace into one space, so that a name
// wrapped onto two lines still matches.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkWellFormed(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("PDF does not start with %%PDF-: %q", pdf[:min(len(pdf), 16)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(pdf, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("PDF does not end with %%%%EOF")
	}
}

func TestDemoNamesPrintExactly(t *testing.T) {
	for _, name := range demoNames {
		t.Run(name, func(t *testing.T) {
			c := sampleCertificate(name)
			c.HotlineLatin = ""
			pdf, err := RenderCertificate(c)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, pdf)
			text := collapse(pdfText(t, pdf))
			if !strings.Contains(text, name) {
				t.Errorf("name %q not found in extracted text:\n%s", name, text)
			}
			for _, want := range []string{c.Title, c.Number, c.VerifyURL, c.ValidUntil, "Publish the complaints procedure"} {
				if !strings.Contains(text, want) {
					t.Errorf("%q not found in extracted text", want)
				}
			}
		})
	}
}

func TestDemoNamesCoveredByFont(t *testing.T) {
	for _, name := range demoNames {
		t.Run(name, func(t *testing.T) {
			if m := Missing(name); len(m) != 0 {
				t.Errorf("Missing(%q) = %q, want none", name, m)
			}
			if p := Printable(name); p != name {
				t.Errorf("Printable(%q) = %q, want it unchanged", name, p)
			}
		})
	}
}

func TestPrintableAndMissing(t *testing.T) {
	tests := []struct {
		in          string
		printable   string
		missing     []rune
		description string
	}{
		{"Kék Vonal 📞 Segélyvonal", "Kék Vonal \uFFFD Segélyvonal", []rune{'📞'}, "emoji above U+FFFF"},
		{"Tel ☎️ 116 000", "Tel ☎ 116 000", nil, "variation selector dropped"},
		{"👍🏽 ok", "\uFFFD ok", []rune{'👍'}, "skin tone modifier dropped"},
		{"a\tb\nc", "a b c", nil, "layout controls become spaces"},
		{"bad \xff byte", "bad \uFFFD byte", []rune{0xFFFD}, "invalid UTF-8"},
		{"Dispa\u0306ruți", "Dispăruți", nil, "combining breve composed to NFC"},
		{"漢字", "\uFFFD\uFFFD", []rune{'漢', '字'}, "CJK is not in DejaVu Sans"},
		{"", "", nil, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.printable {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.printable)
			}
			got := Missing(tt.in)
			if fmt.Sprint(got) != fmt.Sprint(tt.missing) {
				t.Errorf("Missing(%q) = %U, want %U", tt.in, got, tt.missing)
			}
			for _, r := range Printable(tt.in) {
				if len(Missing(string(r))) != 0 {
					t.Errorf("Printable(%q) still contains undrawable %U", tt.in, r)
				}
			}
		})
	}
}

func TestEmojiNameDoesNotCorrupt(t *testing.T) {
	name := "Kék Vonal 📞 Segélyvonal"
	for _, field := range []string{"name", "everywhere"} {
		t.Run(field, func(t *testing.T) {
			c := sampleCertificate(name)
			if field == "everywhere" {
				c.Issuer += " 🌍"
				c.Title += " 🏅"
				c.Conditions = append(c.Conditions, "Fix 🐛 in the call flow 🇬🇷")
				c.Labels = map[string]string{"number": "№ 🔢"}
				c.Lang = "hu) /Evil (x"
			}
			pdf, err := RenderCertificate(c)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, pdf)
			text := collapse(pdfText(t, pdf))
			if !strings.Contains(text, "Kék Vonal \uFFFD Segélyvonal") {
				t.Errorf("placeholder name not found in text:\n%s", text)
			}
			if m := Missing(name); len(m) != 1 || m[0] != '📞' {
				t.Errorf("Missing(%q) = %U, want [U+1F4DE]", name, m)
			}
		})
	}
}

// decodeQR decodes a QR code from an image with gozxing.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("decoding QR code: %v", err)
	}
	return res.GetText()
}

// matrixImage draws the matrix as the certificate does: dark modules on
// white, with the quiet zone, scale pixels per module.
func matrixImage(m [][]bool, scale int) image.Image {
	n := len(m) + 2*quietZone
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray((x+quietZone)*scale+dx, (y+quietZone)*scale+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

func TestQRCodeDecodesToVerifyURL(t *testing.T) {
	urls := []string{
		"https://portal.116000.example.eu/verify/MCE-2026-GR-0007",
		"https://portal.example.org/c/MCE-2026-RO-0113?lang=ro",
		"HTTPS://PORTAL.EXAMPLE.ORG/V/MCE-2026-BG-0001",
	}
	for _, url := range urls {
		t.Run("matrix/"+url, func(t *testing.T) {
			m, err := qrMatrix(url)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeQR(t, matrixImage(m, 6)); got != url {
				t.Errorf("decoded %q, want %q", got, url)
			}
		})
	}

	// The real thing: rasterise the rendered certificate and decode the page.
	t.Run("rendered", func(t *testing.T) {
		tool, err := exec.LookPath("pdftoppm")
		if err != nil {
			t.Skip("pdftoppm not installed; the matrix subtests cover the encoding")
		}
		for _, url := range urls {
			c := sampleCertificate("Το Χαμόγελο του Παιδιού")
			c.VerifyURL = url
			pdf, err := RenderCertificate(c)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			in := filepath.Join(dir, "c.pdf")
			if err := os.WriteFile(in, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, "-png", "-r", "150", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput()
			if err != nil {
				t.Fatalf("pdftoppm: %v: %s", err, out)
			}
			f, err := os.Open(filepath.Join(dir, "page.png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeQR(t, img); got != url {
				t.Errorf("decoded %q from the rendered page, want %q", got, url)
			}
			if zbar, err := exec.LookPath("zbarimg"); err == nil {
				out, err := exec.Command(zbar, "--quiet", "--raw", filepath.Join(dir, "page.png")).Output()
				if err != nil {
					t.Errorf("zbarimg: %v", err)
				} else if got := strings.TrimSpace(string(out)); got != url {
					t.Errorf("zbarimg decoded %q, want %q", got, url)
				}
			}
		}
	})
}

func TestConcurrentRenders(t *testing.T) {
	const n = 16
	results := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := sampleCertificate(demoNames[i%len(demoNames)])
			c.Number = fmt.Sprintf("MCE-2026-XX-%04d", i)
			results[i], errs[i] = RenderCertificate(c)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("render %d: %v", i, errs[i])
		}
		checkWellFormed(t, results[i])
		// Same input rendered alone gives the same bytes: no cross-talk.
		c := sampleCertificate(demoNames[i%len(demoNames)])
		c.Number = fmt.Sprintf("MCE-2026-XX-%04d", i)
		want, err := RenderCertificate(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(results[i], want) {
			t.Errorf("render %d differs from the same certificate rendered alone", i)
		}
	}
}

func TestDeterministic(t *testing.T) {
	tests := []struct {
		name string
		cert Certificate
	}{
		{"with date", sampleCertificate("Фондация „Център Надя“")},
		{"zero date", func() Certificate { c := sampleCertificate("Ztracené dítě"); c.CreatedAt = time.Time{}; return c }()},
		{"no conditions", func() Certificate {
			c := sampleCertificate("Initiative Vermisste Kinder")
			c.Conditions = nil
			return c
		}()},
		{"local zone", func() Certificate {
			c := sampleCertificate("Ztracené dítě")
			c.CreatedAt = c.CreatedAt.In(time.FixedZone("EET", 2*3600))
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, err := RenderCertificate(tt.cert)
			if err != nil {
				t.Fatal(err)
			}
			for range 5 {
				again, err := RenderCertificate(tt.cert)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first, again) {
					t.Fatal("rendering the same certificate twice gave different bytes")
				}
			}
		})
	}
	// The zone of CreatedAt must not change the bytes, only the instant.
	a, _ := RenderCertificate(tests[3].cert)
	b := tests[3].cert
	b.CreatedAt = b.CreatedAt.UTC()
	bb, _ := RenderCertificate(b)
	if !bytes.Equal(a, bb) {
		t.Error("the same instant in another zone rendered different bytes")
	}
}

func TestCertificateMetadata(t *testing.T) {
	c := sampleCertificate("Το Χαμόγελο του Παιδιού")
	c.Lang = "el"
	pdf, err := RenderCertificate(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/Lang (el)", "/CreationDate (D:20260312103000)", "/Creator"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != 1 {
		t.Errorf("certificate has %d pages, want 1", n)
	}
}

func TestLongNamesAndManyConditions(t *testing.T) {
	long := strings.Repeat("Centrul Român pentru Copii Dispăruți și Exploatați Sexual ", 4) + "– FOCUS"
	tests := []struct {
		name       string
		hotline    string
		conditions int
		pages      int
	}{
		{"very long name", long, 2, 1},
		{"unbreakable name", strings.Repeat("Ω", 200), 0, 1},
		{"ten conditions", "Ztracené dítě", 10, 1},
		{"sixty conditions continue on more pages", "Ztracené dítě", 60, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleCertificate(tt.hotline)
			c.Conditions = nil
			for i := range tt.conditions {
				c.Conditions = append(c.Conditions, fmt.Sprintf("Condition number %d: improve the thing that needs improving (by 1 June 2027).", i+1))
			}
			pdf, err := RenderCertificate(c)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, pdf)
			if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != tt.pages {
				t.Errorf("%d pages, want %d", n, tt.pages)
			}
			if tt.conditions > 0 {
				text := collapse(pdfRawText(t, pdf))
				for i := range tt.conditions {
					// Each condition exactly once: none lost, none repeated
					// across the page break.
					want := fmt.Sprintf("Condition number %d: improve the thing that needs improving (by 1 June 2027).", i+1)
					if n := strings.Count(text, want); n != 1 {
						t.Errorf("condition %d printed %d times, want once", i+1, n)
					}
				}
			}
		})
	}
}

// TestWriteSample writes a sample certificate and report for a human to look
// at when CERTIFICATE_SAMPLE_DIR is set.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("CERTIFICATE_SAMPLE_DIR")
	if dir == "" {
		t.Skip("set CERTIFICATE_SAMPLE_DIR to write sample PDFs")
	}
	c := sampleCertificate("Το Χαμόγελο του Παιδιού")
	pdf, err := RenderCertificate(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sample-certificate.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	c = sampleCertificate("Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS")
	c.HotlineLatin = "Romanian Centre for Missing and Sexually Exploited Children"
	c.Country = "Romania"
	c.Conditions = nil
	c.Outcome = "Accredited"
	if pdf, err = RenderCertificate(c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sample-certificate-long.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if pdf, err = RenderReport(sampleReport(50)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sample-report.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkCertificate(b *testing.B) {
	c := sampleCertificate("Το Χαμόγελο του Παιδιού")
	if _, err := RenderCertificate(c); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderCertificate(c); err != nil {
			b.Fatal(err)
		}
	}
}

// A bilingual certificate prints the hotline's language first and English
// beside it, in every script of the network, each text whole.
func TestBilingualCertificate(t *testing.T) {
	cases := []struct {
		lang, title, awarded, outcome, label string
	}{
		{"el", "Πιστοποιητικό διαπίστευσης", "απονέμεται στη", "Διαπιστευμένη", "Χώρα"},
		{"bg", "Удостоверение за акредитация", "се присъжда на", "Акредитирана", "Държава"},
		{"mt", "Ċertifikat ta' akkreditazzjoni", "jingħata lil", "Akkreditata", "Pajjiż"},
		{"uk", "Свідоцтво про акредитацію", "видано", "Акредитовано", "Країна"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			c := sampleCertificate("Χαμόγελο του Παιδιού")
			english := Wording{Lang: "en", Title: c.Title, AwardedTo: c.AwardedTo, Outcome: c.Outcome, Labels: map[string]string{"country": "Country"}}
			c.Lang, c.Title, c.AwardedTo, c.Outcome = tc.lang, tc.title, tc.awarded, tc.outcome
			c.Labels = map[string]string{"country": tc.label}
			c.Second = &english
			pdf, err := RenderCertificate(c)
			if err != nil {
				t.Fatal(err)
			}
			text := collapse(pdfText(t, pdf))
			for _, want := range []string{tc.title, english.Title, tc.awarded + " / " + english.AwardedTo, tc.outcome + " / " + english.Outcome, tc.label + " / Country"} {
				if !strings.Contains(text, want) {
					t.Errorf("%q not found in the extracted text:\n%s", want, text)
				}
			}
			if missing := Missing(tc.title + tc.awarded + tc.outcome + tc.label); len(missing) > 0 {
				t.Errorf("the font lacks %q", missing)
			}
		})
	}
}
