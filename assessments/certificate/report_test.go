package certificate

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

const knownComment = "The night shift roster was shown to the reviewers and covers every hour of the week."

func sampleReport(criteria int) Report {
	r := Report{
		Lang:        "ro",
		Title:       "Raport de evaluare",
		HotlineName: "Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS",
		Country:     "România",
		Number:      "MCE-2026-RO-0003",
		Labels: map[string]string{
			"section": "Secțiunea", "criterion": "Criteriu", "score": "Scor", "comments": "Comentarii",
			"decision": "Decizie", "rationale": "Motivare", "conditions": "Condiții", "page": "Pagina",
		},
		Decision:  "Acreditat cu condiții",
		Rationale: "Linia telefonică îndeplinește standardele esențiale.\nDouă aspecte trebuie îmbunătățite în termen de șase luni.",
		Conditions: []string{
			"Publicarea procedurii de reclamații (până la 30 septembrie 2026).",
			"Instruirea operatorilor noi în protecția copilului (până la 31 decembrie 2026).",
		},
		CreatedAt: time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC),
	}
	perSection := 10
	for i := 0; i < criteria; i += perSection {
		s := ReportSection{Code: fmt.Sprintf("%d", i/perSection+1), Title: fmt.Sprintf("Organizare și guvernanță, partea %d", i/perSection+1), Score: "3.4 / 4"}
		for j := i; j < min(i+perSection, criteria); j++ {
			cr := ReportCriterion{
				Code:  fmt.Sprintf("%d.%d", i/perSection+1, j-i+1),
				Title: fmt.Sprintf("Criteriul %d: linia are o procedură scrisă, actualizată anual, pentru preluarea apelurilor în afara programului", j+1),
				Score: fmt.Sprintf("%d / 4", j%5),
				Comments: []string{
					"Procedura există și este aplicată; ultima revizuire a fost în ianuarie 2026. " + strings.Repeat("Operatorii o cunosc bine. ", 6),
					"Second reviewer: agreed, with a remark on the escalation path 📞.\nSee annex B.",
				},
			}
			if j == 37 {
				cr.Comments = append(cr.Comments, knownComment)
			}
			s.Criteria = append(s.Criteria, cr)
		}
		r.Sections = append(r.Sections, s)
	}
	return r
}

func TestReport(t *testing.T) {
	tests := []struct {
		name      string
		criteria  int
		minPages  int
		wantTexts []string
	}{
		{"fifty criteria", 50, 3, []string{knownComment, "Raport de evaluare", "Acreditat cu condiții", "Criteriul 50:", "Pagina 1 /"}},
		{"one criterion", 1, 1, []string{"Criteriul 1:", "Comentarii"}},
		{"no sections", 0, 1, []string{"Motivare", "Publicarea procedurii"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleReport(tt.criteria)
			pdf, err := RenderReport(r)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, pdf)
			pages := bytes.Count(pdf, []byte("/Type /Page\n"))
			if pages < tt.minPages {
				t.Errorf("%d pages, want at least %d", pages, tt.minPages)
			}
			text := collapse(pdfText(t, pdf))
			for _, want := range tt.wantTexts {
				if !strings.Contains(text, want) {
					t.Errorf("%q not found in the report text", want)
				}
			}
			if want := fmt.Sprintf("Pagina %d / %d", pages, pages); !strings.Contains(text, want) {
				t.Errorf("footer %q not found", want)
			}
			again, err := RenderReport(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pdf, again) {
				t.Error("rendering the same report twice gave different bytes")
			}
		})
	}
}

// BenchmarkHelveticaPage is the reference for BenchmarkCertificate: a one-page
// PDF in the core Helvetica font, which needs no font embedding.
func BenchmarkHelveticaPage(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetCreationDate(epoch)
		pdf.SetModificationDate(epoch)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "B", 20)
		pdf.Cell(0, 12, "Certificate of accreditation")
		pdf.Ln(14)
		pdf.SetFont("Helvetica", "", 12)
		for _, l := range []string{"is awarded to", "Initiative Vermisste Kinder", "Germany", "Valid until 11 March 2029"} {
			pdf.Cell(0, 7, l)
			pdf.Ln(8)
		}
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReport50(b *testing.B) {
	r := sampleReport(50)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderReport(r); err != nil {
			b.Fatal(err)
		}
	}
}
