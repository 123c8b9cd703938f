package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The reviewers' comments of the export fixture: in Greek, Cyrillic and
// Latin with diacritics, and texts a spreadsheet would run as formulas.
const (
	greekComment    = "Η τεκμηρίωση είναι πλήρης· «άριστα»."
	cyrillicComment = "Добре организирано, но „записът“ липсва — Ёё Щщ."
	latinComment    = "Évaluation complète : Łódź, Ærøskøbing, Straße."
	draftComment    = "DRAFT-NEVER-EXPORTED"
)

// formulaComments are given by reviewer 1 on hotline A's first criteria,
// in order.
var formulaComments = []string{`=HYPERLINK("https://evil.example","Κλικ")`, "+30 210 000 0000", "-1 point", "@SUM(A1:A9)"}

// exportFixture is a network with one submitted review and one draft on
// the Greek hotline A, and two submitted reviews (one N/A) on the
// Bulgarian hotline B.
type exportFixture struct {
	app          *servertest.App
	idA, idB     string
	codesA       []string // applicable criteria of A, in framework order
	codesB       []string
	naCode       string // the criterion reviewer 2 gave N/A on B
	frameworkVer string
}

func seedExports(t *testing.T) *exportFixture {
	t.Helper()
	app := servertest.New(t)
	ctx := context.Background()
	sec := app.Actor(servertest.Secretariat)
	f := &exportFixture{app: app}
	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	start := func(manager string) (string, []string) {
		as := app.StartAssessment(manager)
		mgr := app.Actor(manager)
		q, err := app.Svc.LoadQuestionnaire(ctx, mgr, as.ID)
		must(err, "load questionnaire")
		var codes []string
		for _, it := range q.Items() {
			if !it.Applicable {
				continue
			}
			level := models.LevelMet
			_, err := app.Svc.SaveAnswer(ctx, mgr, as.ID, it.Criterion.Code, assessments.AnswerInput{Level: &level, Narrative: "Ναι — да — oui", Version: it.Answer.Version})
			must(err, "answer "+it.Criterion.Code)
			codes = append(codes, it.Criterion.Code)
		}
		_, err = app.Svc.Submit(ctx, mgr, as.ID)
		must(err, "submit")
		for _, r := range []string{servertest.Reviewer1, servertest.Reviewer2} {
			_, err := app.Svc.Assign(ctx, sec, as.ID, app.Users[r].ID, "")
			must(err, "assign")
		}
		f.frameworkVer = as.FrameworkID
		return as.ID, codes
	}
	score := func(reviewer, id, code string, in assessments.ScoreInput) {
		_, err := app.Svc.SaveScore(ctx, app.Actor(reviewer), id, code, in)
		must(err, "score "+code)
	}
	review := func(reviewer, id string) {
		_, err := app.Svc.SubmitReview(ctx, app.Actor(reviewer), id, assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "ok"})
		must(err, "review")
	}
	f.idA, f.codesA = start(servertest.ManagerA)
	for i, code := range f.codesA {
		comment := greekComment
		if i < len(formulaComments) {
			comment = formulaComments[i]
		}
		score(servertest.Reviewer1, f.idA, code, assessments.ScoreInput{Score: ptrInt(3), Comment: comment})
	}
	review(servertest.Reviewer1, f.idA)
	// Reviewer 2's draft: scored, never submitted.
	score(servertest.Reviewer2, f.idA, f.codesA[0], assessments.ScoreInput{Score: ptrInt(1), Comment: draftComment})

	f.idB, f.codesB = start(servertest.ManagerB)
	f.naCode = f.codesB[1]
	for _, code := range f.codesB {
		score(servertest.Reviewer1, f.idB, code, assessments.ScoreInput{Score: ptrInt(4), Comment: cyrillicComment})
		in := assessments.ScoreInput{Score: ptrInt(3), Comment: latinComment}
		if code == f.naCode {
			in = assessments.ScoreInput{NA: true, Comment: latinComment}
		}
		score(servertest.Reviewer2, f.idB, code, in)
	}
	review(servertest.Reviewer1, f.idB)
	review(servertest.Reviewer2, f.idB)

	row, err := models.FrameworkByID(ctx, app.DB, f.frameworkVer)
	must(err, "framework")
	f.frameworkVer = row.Version
	return f
}

func ptrInt(v int) *int { return &v }

// table is an export read back: the header and the rows, each a map by
// column.
type table struct {
	header []string
	rows   []map[string]string
}

func newTable(t *testing.T, records [][]string) table {
	t.Helper()
	if len(records) == 0 {
		t.Fatal("no header row")
	}
	tb := table{header: records[0]}
	for _, rec := range records[1:] {
		m := map[string]string{}
		for i, col := range tb.header {
			if i < len(rec) {
				m[col] = rec[i]
			} else {
				m[col] = "" // excelize leaves trailing empty cells out
			}
		}
		tb.rows = append(tb.rows, m)
	}
	return tb
}

func readCSV(t *testing.T, body string) table {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("CSV without a UTF-8 byte order mark: %q", body[:min(20, len(body))])
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("CSV lines do not end in CRLF (RFC 4180)")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV back: %v", err)
	}
	return newTable(t, records)
}

func readXLSX(t *testing.T, body string) (table, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("read XLSX back: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	records, err := f.GetRows("scores")
	if err != nil {
		t.Fatal(err)
	}
	return newTable(t, records), f
}

func readJSON(t *testing.T, body string) table {
	t.Helper()
	var out struct {
		Items []map[string]any `json:"items"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("read JSON back: %v", err)
	}
	if out.Items == nil {
		t.Fatal(`JSON without "items"`)
	}
	tb := table{header: assessments.ExportColumns}
	for _, it := range out.Items {
		m := map[string]string{}
		for _, col := range assessments.ExportColumns {
			v, ok := it[col]
			if !ok {
				t.Fatalf("JSON item without %q: %v", col, it)
			}
			switch v := v.(type) {
			case nil:
				m[col] = ""
			case string:
				m[col] = spreadsheetGuarded(v) // as CSV and XLSX show it
			case json.Number:
				m[col] = v.String()
			default:
				t.Fatalf("JSON %s: unexpected %T", col, v)
			}
		}
		tb.rows = append(tb.rows, m)
	}
	return tb
}

// spreadsheetGuarded is the expected CSV/XLSX form of a text.
func spreadsheetGuarded(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func fetchExport(t *testing.T, c *servertest.Client, path, wantType string) string {
	t.Helper()
	r := c.Get(path)
	if r.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
		t.Errorf("GET %s: Content-Type %q, want %s", path, ct, wantType)
	}
	ext, _, _ := strings.Cut(path, "?")
	ext = ext[strings.LastIndex(ext, ".")+1:]
	want := `attachment; filename="scores-` + time.Now().UTC().Format("2006-01-02")
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, want) || !strings.HasSuffix(cd, "."+ext+`"`) {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	return r.Body
}

// TestExportRoundTrip reads the three formats back with their own readers
// (encoding/csv, excelize, encoding/json): the same rows, names in Greek,
// Cyrillic and Latin with diacritics intact, N/A empty, formulas guarded,
// drafts left out, consolidated scores by the scoring rule.
func TestExportRoundTrip(t *testing.T) {
	f := seedExports(t)
	c := f.app.APIClient(servertest.Secretariat)
	csvT := readCSV(t, fetchExport(t, c, "/api/v1/exports/scores.csv", "text/csv"))
	xlsxT, book := readXLSX(t, fetchExport(t, c, "/api/v1/exports/scores.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
	jsonT := readJSON(t, fetchExport(t, c, "/api/v1/exports/scores.json", "application/json"))

	if !slices.Equal(csvT.header, assessments.ExportColumns) || !slices.Equal(xlsxT.header, assessments.ExportColumns) {
		t.Fatalf("headers: CSV %v, XLSX %v", csvT.header, xlsxT.header)
	}
	wantRows := len(f.codesA) + 2*len(f.codesB)
	for name, tb := range map[string]table{"CSV": csvT, "XLSX": xlsxT, "JSON": jsonT} {
		if len(tb.rows) != wantRows {
			t.Errorf("%s: %d rows, want %d (A: %d by reviewer 1 only, B: %d by two)", name, len(tb.rows), wantRows, len(f.codesA), len(f.codesB))
		}
	}
	for i := range csvT.rows {
		if i < len(xlsxT.rows) && !mapsEqual(csvT.rows[i], xlsxT.rows[i]) {
			t.Errorf("row %d: CSV %v\nXLSX %v", i, csvT.rows[i], xlsxT.rows[i])
		}
		if i < len(jsonT.rows) && !mapsEqual(csvT.rows[i], jsonT.rows[i]) {
			t.Errorf("row %d: CSV %v\nJSON %v", i, csvT.rows[i], jsonT.rows[i])
		}
	}
	checkExportRows(t, f, csvT)
	checkXLSXHasNoFormula(t, book, len(xlsxT.rows))
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// checkExportRows checks the content of the rows against the fixture.
func checkExportRows(t *testing.T, f *exportFixture, tb table) {
	t.Helper()
	r1, r2 := f.app.Users[servertest.Reviewer1].ID, f.app.Users[servertest.Reviewer2].ID
	var aRows, bRows []map[string]string
	for _, row := range tb.rows {
		switch row["assessment_id"] {
		case f.idA:
			aRows = append(aRows, row)
		case f.idB:
			bRows = append(bRows, row)
		default:
			t.Errorf("row of an unknown assessment: %v", row)
		}
		if row["comment"] == draftComment || row["section"] == "" || row["level"] != models.LevelMet ||
			row["framework_version"] != f.frameworkVer || row["status"] != string(models.StatusReviewed) && row["status"] != string(models.StatusInReview) {
			t.Errorf("row %v", row)
		}
	}
	if len(aRows) == 0 || len(bRows) == 0 || aRows[0]["criterion"] != f.codesA[0] {
		t.Fatalf("A rows %d, B rows %d; first A criterion %v", len(aRows), len(bRows), aRows)
	}
	for i, row := range aRows {
		wantComment := greekComment
		if i < len(formulaComments) {
			wantComment = "'" + formulaComments[i]
		}
		if row["hotline"] != "Το Χαμόγελο του Παιδιού" || row["country"] != "GR" || row["reviewer_id"] != r1 ||
			row["score"] != "3" || row["consolidated"] != "3" || row["comment"] != wantComment || row["criterion"] != f.codesA[i] {
			t.Errorf("A row %d: %v (comment want %q)", i, row, wantComment)
		}
	}
	// Rows of one criterion come in reviewer ID order.
	order := []string{r1, r2}
	slices.Sort(order)
	for i, row := range bRows {
		code, reviewer := f.codesB[i/2], order[i%2]
		wantScore, wantComment, wantConsolidated := "4", cyrillicComment, "3.5"
		if reviewer == r2 {
			wantScore, wantComment = "3", latinComment
		}
		if code == f.naCode {
			wantConsolidated = "4" // the N/A is left out of the mean
			if reviewer == r2 {
				wantScore = "" // N/A is an empty cell
			}
		}
		if row["hotline"] != "Фондация „Център Надя“" || row["country"] != "BG" || row["criterion"] != code ||
			row["reviewer_id"] != reviewer || row["score"] != wantScore || row["comment"] != wantComment || row["consolidated"] != wantConsolidated {
			t.Errorf("B row %d: %v", i, row)
		}
	}
}

// checkXLSXHasNoFormula checks that no cell of the workbook is a formula.
func checkXLSXHasNoFormula(t *testing.T, book *excelize.File, rows int) {
	t.Helper()
	for r := 1; r <= rows+1; r++ {
		for col := 1; col <= len(assessments.ExportColumns); col++ {
			cell, _ := excelize.CoordinatesToCellName(col, r)
			if formula, err := book.GetCellFormula("scores", cell); err != nil || formula != "" {
				t.Fatalf("cell %s is a formula %q (%v)", cell, formula, err)
			}
		}
	}
}

// TestExportFilters narrows the export by assessment, country and
// framework version, and refuses values at fault with 422 and the field.
func TestExportFilters(t *testing.T) {
	f := seedExports(t)
	c := f.app.APIClient(servertest.Secretariat)
	all := len(f.codesA) + 2*len(f.codesB)
	for _, tc := range []struct {
		query string
		want  int
		only  string // the one assessment every row must belong to
	}{
		{"", all, ""},
		{"?country=GR", len(f.codesA), f.idA},
		{"?country=bg", 2 * len(f.codesB), f.idB},
		{"?country=FR", 0, ""},
		{"?assessment_id=" + f.idB, 2 * len(f.codesB), f.idB},
		{"?assessment_id=" + f.idA + "&country=BG", 0, ""},
		{"?framework_version=" + url.QueryEscape(f.frameworkVer), all, ""},
	} {
		tb := readJSON(t, fetchExport(t, c, "/api/v1/exports/scores.json"+tc.query, "application/json"))
		if len(tb.rows) != tc.want {
			t.Errorf("%q: %d rows, want %d", tc.query, len(tb.rows), tc.want)
		}
		for _, row := range tb.rows {
			if tc.only != "" && row["assessment_id"] != tc.only {
				t.Errorf("%q: row of %s", tc.query, row["assessment_id"])
			}
		}
	}
	for _, tc := range []struct{ query, field string }{
		{"?country=XX", "country"},
		{"?country=Greece", "country"},
		{"?framework_version=1999.9", "framework_version"},
		{"?assessment_id=" + models.NewID(), "assessment_id"},
		{"?assessment_id=" + url.QueryEscape("../../etc"), "assessment_id"},
	} {
		for _, ext := range []string{"csv", "xlsx", "json"} {
			r := c.Get("/api/v1/exports/scores." + ext + tc.query)
			var body struct {
				Error struct{ Fields map[string]string }
			}
			r.Decode(&body)
			if r.StatusCode != 422 || body.Error.Fields[tc.field] == "" {
				t.Errorf("%s%s: %d %s, want 422 on %s", ext, tc.query, r.StatusCode, r.Body, tc.field)
			}
		}
	}
}

// TestExportRoles: the secretariat only; 403 for every other role, 401
// without a token.
func TestExportRoles(t *testing.T) {
	app := servertest.New(t)
	for _, ext := range []string{"csv", "xlsx", "json"} {
		path := "/api/v1/exports/scores." + ext
		if r := app.Client().Get(path); r.StatusCode != 401 {
			t.Errorf("anonymous %s: %d", path, r.StatusCode)
		}
		for _, key := range []string{servertest.ManagerA, servertest.Reviewer1} {
			if r := app.APIClient(key).Get(path); r.StatusCode != 403 {
				t.Errorf("%s %s: %d", key, path, r.StatusCode)
			}
		}
		// An empty network: the header row only.
		r := app.APIClient(servertest.Secretariat).Get(path)
		if r.StatusCode != 200 {
			t.Errorf("secretariat %s: %d %s", path, r.StatusCode, r.Body)
		}
		if ext == "json" && strings.TrimSpace(r.Body) != `{"items":[]}` {
			t.Errorf("empty JSON export: %s", r.Body)
		}
	}
}

// TestExportBusy: past MaxConcurrentExports exports running at once, the
// next is told to come back (503 with Retry-After) before any byte of a
// file, and served once a slot is free.
func TestExportBusy(t *testing.T) {
	app := servertest.New(t)
	ctx := context.Background()
	sec := app.Actor(servertest.Secretariat)
	var held []*assessments.ScoreExport
	for range assessments.MaxConcurrentExports {
		exp, err := app.Svc.OpenScoreExport(ctx, sec, assessments.ExportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, exp)
	}
	if _, err := app.Svc.OpenScoreExport(ctx, app.Actor(servertest.ManagerA), assessments.ExportQuery{}); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("a manager while busy: %v, want forbidden", err)
	}
	c := app.APIClient(servertest.Secretariat)
	r := c.Get("/api/v1/exports/scores.csv")
	if r.StatusCode != 503 || r.Header.Get("Retry-After") == "" || strings.Contains(r.Body, "assessment_id") {
		t.Errorf("busy: %d Retry-After %q %s", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
	}
	held[0].Close()
	held[0].Close() // twice frees one slot only
	if r := c.Get("/api/v1/exports/scores.csv"); r.StatusCode != 200 {
		t.Errorf("after a slot was freed: %d", r.StatusCode)
	}
	if _, err := app.Svc.OpenScoreExport(ctx, sec, assessments.ExportQuery{}); err != nil {
		t.Errorf("the slot of the finished download was not given back: %v", err)
	}
	var busy *assessments.BusyError
	if _, err := app.Svc.OpenScoreExport(ctx, sec, assessments.ExportQuery{}); !errors.As(err, &busy) {
		t.Errorf("fifth export: %v, want busy", err)
	}
	for _, exp := range held[1:] {
		exp.Close()
	}
}

// TestExportPage: the form, its downloads under the cookie session, a
// filter at fault shown on the form, and the consolidation's links.
func TestExportPage(t *testing.T) {
	f := seedExports(t)
	c := f.app.SignIn(servertest.Secretariat)
	r := c.Get("/exports?assessment_id=" + f.idA)
	for _, want := range []string{`action="/exports/scores.csv"`, `formaction="/exports/scores.xlsx"`, `formaction="/exports/scores.json"`,
		`<option value="` + f.frameworkVer + `"`, `value="` + f.idA + `"`, `href="/assessments/` + f.idA + `/consolidation"`} {
		if r.StatusCode != 200 || !strings.Contains(r.Body, want) {
			t.Errorf("exports page: %d, no %s", r.StatusCode, want)
		}
	}
	tb := readCSV(t, fetchExport(t, c, "/exports/scores.csv?assessment_id="+f.idA+"&country=&framework_version=", "text/csv"))
	if len(tb.rows) != len(f.codesA) {
		t.Errorf("page download of A: %d rows", len(tb.rows))
	}
	fetchExport(t, c, "/exports/scores.xlsx", "application/vnd.openxmlformats")
	r = c.Get("/exports/scores.json?country=XX&assessment_id=" + f.idB)
	if r.StatusCode != 422 || !strings.Contains(r.Body, "error-summary") || !strings.Contains(r.Body, `id="country-error"`) || !strings.Contains(r.Body, `value="`+f.idB+`"`) {
		t.Errorf("a bad filter on the page: %d %s", r.StatusCode, r.Body)
	}
	r = c.Get("/assessments/" + f.idB + "/consolidation")
	if !strings.Contains(r.Body, `href="/exports/scores.csv?assessment_id=`+f.idB+`"`) || !strings.Contains(r.Body, `href="/exports?assessment_id=`+f.idB+`"`) {
		t.Errorf("the consolidation does not link its export")
	}
	if r := f.app.SignIn(servertest.ManagerA).Get("/exports/scores.csv"); r.StatusCode != 403 {
		t.Errorf("a manager on the page download: %d", r.StatusCode)
	}
}

// TestExportFailureBeforeTheFirstBytes: a database failure before anything
// was sent is an ordinary error response, not a file.
func TestExportFailureBeforeTheFirstBytes(t *testing.T) {
	f := seedExports(t)
	if err := f.app.DB.Exec("ALTER TABLE scores RENAME COLUMN comment TO remark").Error; err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"csv", "xlsx", "json"} {
		r := f.app.APIClient(servertest.Secretariat).Get("/api/v1/exports/scores." + ext)
		if r.StatusCode != 500 || r.Header.Get("Content-Disposition") != "" || !strings.Contains(r.Body, `"error"`) {
			t.Errorf("%s: %d %q %s", ext, r.StatusCode, r.Header.Get("Content-Disposition"), r.Body)
		}
	}
	if _, err := f.app.Svc.OpenScoreExport(context.Background(), f.app.Actor(servertest.Secretariat), assessments.ExportQuery{}); err != nil {
		t.Errorf("a failed export kept its slot: %v", err)
	}
}
