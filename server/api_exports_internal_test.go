package server

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlineportal/assessments"
)

// TestSpreadsheetSafe: every prefix a spreadsheet runs as a formula gets a
// leading apostrophe; anything else, in any script, is left as written.
func TestSpreadsheetSafe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("https://evil.example","x")`, `'=HYPERLINK("https://evil.example","x")`},
		{"+30 210", "'+30 210"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"", ""},
		{"'already quoted", "'already quoted"},
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"Το Χαμόγελο του Παιδιού", "Το Χαμόγελο του Παιδιού"},
		{"Фондация „Център Надя“", "Фондация „Център Надя“"},
		{"Ærøskøbing – Łódź", "Ærøskøbing – Łódź"},
		{"＝1", "＝1"}, // a full-width sign is text to every spreadsheet
	} {
		if got := spreadsheetSafe(tc.in); got != tc.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExportWritersGuardEveryText writes one row whose every text starts
// with a dangerous prefix and reads it back from CSV and XLSX: each text
// cell guarded, the numbers numbers, no formula.
func TestExportWritersGuardEveryText(t *testing.T) {
	t.Parallel()
	level, score, cons := "=level", 2, 2.5
	row := &assessments.ExportRow{AssessmentID: "=id", Hotline: "+hotline", Country: "-GR", FrameworkVersion: "@1",
		Status: "\tstatus", Section: "\rsection", Criterion: "=crit", Level: &level, ReviewerID: "+rev",
		Score: &score, Comment: "=comment", Consolidated: &cons}
	want := []string{"'=id", "'+hotline", "'-GR", "'@1", "'\tstatus", "'\rsection", "'=crit", "'=level", "'+rev", "2", "'=comment", "2.5"}

	var buf bytes.Buffer
	w := newCSVRows(&buf)
	if err := w.row(row); err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A line break is written as CRLF inside the quoted cell, which
	// encoding/csv reads back as LF.
	if !strings.Contains(buf.String(), "\"'\r\nsection\"") {
		t.Errorf("CSV does not hold the guarded CR cell: %q", buf.String())
	}
	got := records[1]
	if got[5] == "'\nsection" {
		got[5] = want[5]
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("CSV row %q, want %q", got, want)
	}

	f := writeWorkbook(t, row)
	for i, w := range want {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		got, _ := f.GetCellValue(xlsxSheet, cell)
		formula, _ := f.GetCellFormula(xlsxSheet, cell)
		typ, _ := f.GetCellType(xlsxSheet, cell)
		if got != w || formula != "" {
			t.Errorf("XLSX %s = %q (formula %q), want %q", cell, got, formula, w)
		}
		isNumber := i == 9 || i == 11
		if isNumber != (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) {
			t.Errorf("XLSX %s has type %v", cell, typ)
		}
	}
}

// TestExportFilename names the file by date and filters, with nothing a
// header could choke on.
func TestExportFilename(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 5, 23, 30, 0, 0, time.FixedZone("x", 2*3600))
	for _, tc := range []struct {
		f    exportFilter
		want string
	}{
		{exportFilter{}, "scores-2026-12-05.csv"},
		{exportFilter{Country: "gr", FrameworkVersion: "2026.1"}, "scores-2026-12-05-GR-2026.1.csv"},
		{exportFilter{AssessmentID: `a"b\r\nc/Ω`}, "scores-2026-12-05-abrnc.csv"},
	} {
		if got := exportFilename(day, tc.f, "csv"); got != tc.want {
			t.Errorf("exportFilename(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestXLSXGoesOnInANewSheet: past a worksheet's row limit the rows go on
// in the next sheet, each with its header row.
func TestXLSXGoesOnInANewSheet(t *testing.T) {
	old := xlsxMaxRows
	xlsxMaxRows = 3 // the header and two rows a sheet
	defer func() { xlsxMaxRows = old }()
	var rows []*assessments.ExportRow
	for i := range 5 {
		rows = append(rows, &assessments.ExportRow{Hotline: "Фондация", Criterion: "C-" + strconv.Itoa(i), Score: &i})
	}
	f := writeWorkbook(t, rows...)
	if got := f.GetSheetList(); strings.Join(got, "|") != "scores|scores 2|scores 3" {
		t.Fatalf("sheets %q", got)
	}
	var criteria []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 2 || rows[0][0] != "assessment_id" {
			t.Fatalf("%s: %q %v", sheet, rows, err)
		}
		for _, r := range rows[1:] {
			criteria = append(criteria, r[6])
		}
	}
	if strings.Join(criteria, ",") != "C-0,C-1,C-2,C-3,C-4" {
		t.Errorf("rows across the sheets: %v", criteria)
	}
}

// writeWorkbook writes rows with the XLSX writer and opens the result.
func writeWorkbook(t *testing.T, rows ...*assessments.ExportRow) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	x := newXLSXRows(&buf)
	for _, r := range rows {
		if err := x.row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
