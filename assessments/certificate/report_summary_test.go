package certificate

import (
	"strings"
	"testing"
)

// The summary prints after the decision, before the sections: each
// section's score and median (or why it is withheld), the strengths and
// what to improve first, criteria named by their titles.
func TestReportSummary(t *testing.T) {
	r := sampleReport(12)
	r.Summary = &ReportSummary{
		Heading: "Rezumat", SectionLabel: "Secțiunea", ScoreLabel: "Scorul dumneavoastră (0–4)", MedianLabel: "Mediana rețelei",
		Sections: []ReportSummarySection{
			{Code: "1", Title: "Organizare și guvernanță", Score: "3,4", Median: "2,9 (7 alte linii)"},
			{Code: "2", Title: "Protecția datelor", Score: "2", Median: "Nu se afișează: mai puțin de 5 alte linii au primit o decizie"},
		},
		Note:             "Mediana rețelei este scorul din mijloc al celorlalte linii.",
		StrengthsHeading: "Puncte forte", ImproveHeading: "Ce trebuie îmbunătățit mai întâi",
		EmptyStrengths: "Niciun criteriu nu iese în evidență.",
		Improve:        []ReportCriterion{{Code: "2.1", Title: "Registrul prelucrărilor de date", Score: "1"}},
	}
	pdf, err := RenderReport(r)
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, pdf)
	text := collapse(pdfRawText(t, pdf))
	want := []string{"Rezumat", "Mediana rețelei", "2,9 (7 alte linii)", "Nu se afișează: mai puțin de 5 alte linii",
		"Puncte forte", "Niciun criteriu nu iese în evidență.", "Ce trebuie îmbunătățit mai întâi", "2.1 Registrul prelucrărilor de date: 1"}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if strings.Index(text, "Rezumat") > strings.Index(text, "Criteriul 1:") {
		t.Error("the summary is not before the sections")
	}
}
