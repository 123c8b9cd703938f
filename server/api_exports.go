package server

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"hotlineportal/assessments"
)

// exportFilter is the query string of the scores export, API and pages.
type exportFilter struct {
	AssessmentID     string `query:"assessment_id"`
	Country          string `query:"country"`
	FrameworkVersion string `query:"framework_version"`
}

func (f exportFilter) query() assessments.ExportQuery {
	return assessments.ExportQuery{AssessmentID: f.AssessmentID, Country: f.Country, FrameworkVersion: f.FrameworkVersion}
}

// exportFormat is one way of writing the export: its media type, file
// extension and writer.
type exportFormat struct {
	ext         string
	contentType string
	newWriter   func(io.Writer) rowWriter
}

// exportFormats are the formats of api.md, by extension.
var exportFormats = map[string]exportFormat{
	"csv":  {"csv", "text/csv; charset=utf-8", newCSVRows},
	"xlsx": {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", newXLSXRows},
	"json": {"json", "application/json; charset=utf-8", newJSONRows},
}

// rowWriter writes the export's rows as they come; close finishes the
// file (and, for XLSX, writes it all).
type rowWriter interface {
	row(r *assessments.ExportRow) error
	close() error
}

// exportScores streams the scores export in one format (secretariat).
// Everything that can be refused (role, filters, a free slot) is checked
// before the first byte; an error after it aborts the connection, so a
// client never takes a truncated file for a whole one.
func (s *Server) exportScores(format string) echo.HandlerFunc {
	ff := exportFormats[format]
	return func(c echo.Context) error {
		var f exportFilter
		if err := bind(c, &f); err != nil {
			return err
		}
		ctx := c.Request().Context()
		exp, err := s.svc.OpenScoreExport(ctx, actor(c), f.query())
		if err != nil {
			return err
		}
		defer exp.Close()
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, ff.contentType)
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+exportFilename(time.Now(), f, ff.ext)+`"`)
		// The status goes with the first bytes, which the writers buffer
		// (32 KB): a failure before then is still an error response.
		w := ff.newWriter(c.Response())
		err = exp.Each(ctx, w.row)
		if err == nil {
			err = w.close()
		}
		switch {
		case err == nil:
			return nil
		case !c.Response().Committed && ctx.Err() == nil:
			h.Del(echo.HeaderContentDisposition)
			return err
		case ctx.Err() == nil:
			s.log.Error("scores export failed midway", "request_id", h.Get(echo.HeaderXRequestID), "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}

// exportFilename names the file by date and filters, e.g.
// scores-2026-12-05-GR.csv, so successive downloads do not overwrite
// each other. Only characters safe in a header are kept.
func exportFilename(now time.Time, f exportFilter, ext string) string {
	name := "scores-" + now.UTC().Format("2006-01-02")
	for _, part := range []string{strings.ToUpper(f.Country), f.FrameworkVersion, f.AssessmentID} {
		if part = safeFilePart(part); part != "" {
			name += "-" + part
		}
	}
	return name + "." + ext
}

func safeFilePart(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r == '.' || r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return r
		}
		return -1
	}, strings.TrimSpace(s))
}

// spreadsheetSafe prefixes with ' a text a spreadsheet would run as a
// formula or take for one (=, +, -, @, tab, CR first), as OWASP advises
// against CSV injection; every other text, in any script, is kept as is.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportTexts are a row's text cells in column order, guarded.
func exportTexts(r *assessments.ExportRow) (head [8]string, reviewer, comment string) {
	level := ""
	if r.Level != nil {
		level = *r.Level
	}
	head = [8]string{r.AssessmentID, r.Hotline, r.Country, r.FrameworkVersion, r.Status, r.Section, r.Criterion, level}
	for i := range head {
		head[i] = spreadsheetSafe(head[i])
	}
	return head, spreadsheetSafe(r.ReviewerID), spreadsheetSafe(r.Comment)
}

// csvRows writes RFC 4180 CSV (CRLF line ends, quoted where needed) in
// UTF-8 with a byte order mark, so spreadsheet applications read Greek or
// Cyrillic names as such rather than in a legacy code page.
type csvRows struct {
	w      *csv.Writer
	record []string
}

func newCSVRows(out io.Writer) rowWriter {
	bw := bufio.NewWriterSize(out, 32<<10)
	bw.WriteString("\ufeff")
	w := csv.NewWriter(bw)
	w.UseCRLF = true
	w.Write(assessments.ExportColumns)
	return &csvRows{w: w, record: make([]string, len(assessments.ExportColumns))}
}

func (c *csvRows) row(r *assessments.ExportRow) error {
	head, reviewer, comment := exportTexts(r)
	for i, s := range head {
		c.record[i] = csvLineBreaks.Replace(s)
	}
	c.record[8], c.record[9], c.record[10], c.record[11] = csvLineBreaks.Replace(reviewer), intCell(r.Score), csvLineBreaks.Replace(comment), floatCell(r.Consolidated)
	return c.w.Write(c.record)
}

// csvLineBreaks makes every line break in a text one LF, which the CSV
// writer turns into CRLF inside the quoted cell: left alone, a lone CR
// would be dropped by encoding/csv's CRLF mode and two lines run together.
var csvLineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func (c *csvRows) close() error {
	c.w.Flush()
	return c.w.Error()
}

// intCell and floatCell write numbers; N/A is an empty cell.
func intCell(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func floatCell(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// jsonRows writes {"items":[...]} one item at a time.
type jsonRows struct {
	w     *bufio.Writer
	first bool
}

func newJSONRows(out io.Writer) rowWriter {
	w := bufio.NewWriterSize(out, 32<<10)
	w.WriteString(`{"items":[`)
	return &jsonRows{w: w, first: true}
}

func (j *jsonRows) row(r *assessments.ExportRow) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if !j.first {
		j.w.WriteByte(',')
	}
	j.first = false
	_, err = j.w.Write(b)
	return err
}

func (j *jsonRows) close() error {
	j.w.WriteString("]}\n")
	return j.w.Flush()
}

// xlsxSheet is the export's worksheet; past xlsxMaxRows rows (a sheet's
// limit, header included) the rows go on in "scores 2", "scores 3"...
const xlsxSheet = "scores"

// xlsxMaxRows is the rows of one worksheet; a variable for the test.
var xlsxMaxRows = excelize.TotalRows

// xlsxRows writes a workbook with excelize's StreamWriter: rows go to a
// buffer that spills to a temporary file past excelize's chunk size (16
// MB), and the workbook is zipped straight to the client at close. Every text is an inline
// string (never a formula) and guarded like the CSV.
type xlsxRows struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	sheets int
	next   int
	vals   []any
	err    error
}

func newXLSXRows(out io.Writer) rowWriter {
	x := &xlsxRows{out: out, f: excelize.NewFile(), vals: make([]any, len(assessments.ExportColumns))}
	if x.err = x.f.SetSheetName("Sheet1", xlsxSheet); x.err == nil {
		x.err = x.startSheet(xlsxSheet)
	}
	return x
}

// startSheet opens a worksheet for streaming and writes the header row.
func (x *xlsxRows) startSheet(name string) error {
	if name != xlsxSheet {
		if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.next = sw, 1
	x.sheets++
	header := make([]any, len(assessments.ExportColumns))
	for i, col := range assessments.ExportColumns {
		header[i] = col
	}
	return x.write(header)
}

func (x *xlsxRows) write(vals []any) error {
	if x.next > xlsxMaxRows {
		if err := x.sw.Flush(); err != nil {
			return err
		}
		if err := x.startSheet(xlsxSheet + " " + strconv.Itoa(x.sheets+1)); err != nil {
			return err
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.next)
	if err != nil {
		return err
	}
	x.next++
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxRows) row(r *assessments.ExportRow) error {
	if x.err != nil {
		return x.err
	}
	head, reviewer, comment := exportTexts(r)
	for i, s := range head {
		x.vals[i] = textCell(s)
	}
	x.vals[8], x.vals[10] = textCell(reviewer), textCell(comment)
	x.vals[9], x.vals[11] = nil, nil
	if r.Score != nil {
		x.vals[9] = *r.Score
	}
	if r.Consolidated != nil {
		x.vals[11] = *r.Consolidated
	}
	return x.write(x.vals)
}

// textCell leaves an empty text as an empty cell (N/A), not an empty
// string.
func textCell(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (x *xlsxRows) close() error {
	defer x.f.Close()
	if x.err != nil {
		return x.err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	// File.Write would zip the whole workbook into memory first; a zip
	// writer on the response sends it as it is compressed (the buffer
	// WriteToBuffer returns stays empty).
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(x.out) })
	_, err := x.f.WriteToBuffer()
	return err
}
