package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// statement is one SQL statement the portal ran, with its arguments.
type statement struct {
	sql  string
	vars []any
}

// recordStatements keeps every statement GORM runs from now on (the
// hand-written queries of models/hot_queries.go bypass it).
func recordStatements(t *testing.T, app *servertest.App) func() []statement {
	t.Helper()
	var (
		mu  sync.Mutex
		out []statement
	)
	record := func(db *gorm.DB) {
		mu.Lock()
		defer mu.Unlock()
		out = append(out, statement{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
	}
	cb := app.DB.Callback()
	for i, err := range []error{
		cb.Query().After("gorm:query").Register("test:record_query", record),
		cb.Row().After("gorm:row").Register("test:record_row", record),
		cb.Raw().After("gorm:raw").Register("test:record_raw", record),
		cb.Create().After("gorm:create").Register("test:record_create", record),
		cb.Update().After("gorm:update").Register("test:record_update", record),
		cb.Delete().After("gorm:delete").Register("test:record_delete", record),
	} {
		if err != nil {
			t.Fatalf("callback %d: %v", i, err)
		}
	}
	return func() []statement {
		mu.Lock()
		defer mu.Unlock()
		return append([]statement(nil), out...)
	}
}

// Every request type of the load test finds its rows through indexes: on
// SQLite, whose planner takes an index whenever one fits, no statement
// they run reads a whole table, so their cost does not grow with the
// network. Autosave runs only the hand-written queries of
// models/hot_queries.go, which models checks the same way.
func TestLoadRequestsUseIndexes(t *testing.T) {
	app := servertest.New(t)
	if app.DB.Dialect != models.SQLite {
		t.Skip("reads SQLite's EXPLAIN QUERY PLAN")
	}
	sec := app.APIClient(servertest.Secretariat)
	decided := reviewed(t, app, 4, nil)
	var dec struct {
		Certificate struct{ Number string } `json:"certificate"`
	}
	r := sec.JSON("POST", "/api/v1/assessments/"+decided+"/decision", map[string]any{"outcome": "accredited", "rationale": "Met.", "conditions": []any{}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	r.Decode(&dec)
	inReview := submittedBy(t, app, servertest.ManagerB, app.HotlineB.ID)
	if r := sec.JSON("POST", "/api/v1/assessments/"+inReview+"/reviewers", map[string]any{"user_id": app.Users[servertest.Reviewer1].ID}); r.StatusCode != http.StatusCreated {
		t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
	}
	// Hotline A's next assessment, its answers carried over.
	draft := startAPI(t, app.APIClient(servertest.ManagerA), app.HotlineA.ID)

	statements := recordStatements(t, app)
	requests := []struct {
		name, role, method, path string
		body                     any
	}{
		{"questionnaire", servertest.ManagerA, "GET", "/assessments/" + draft.ID + "/check", nil},
		{"score", servertest.Reviewer1, "PUT", "/api/v1/assessments/" + inReview + "/scores/LEG-01", map[string]any{"score": 3, "comment": "Checked."}},
		{"workspace", servertest.Reviewer1, "GET", "/assessments/" + inReview + "/review/criteria/LEG-01", nil},
		{"consolidation", servertest.Secretariat, "GET", "/api/v1/assessments/" + decided + "/consolidation", nil},
		{"certificate_pdf", servertest.Secretariat, "GET", "/api/v1/certificates/" + dec.Certificate.Number + "/pdf", nil},
		{"verify", "", "GET", "/api/v1/public/certificates/" + dec.Certificate.Number, nil},
	}
	for _, req := range requests {
		c := app.Client()
		if req.role != "" {
			c = app.APIClient(req.role)
		}
		before := len(statements())
		if r := c.JSON(req.method, req.path, req.body); r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", req.name, r.StatusCode, r.Body)
		}
		ran := statements()[before:]
		if len(ran) == 0 {
			t.Errorf("%s: no statement recorded", req.name)
		}
		for _, s := range ran {
			for _, scan := range tableScans(t, app, s) {
				t.Errorf("%s: %s in\n%s", req.name, scan, s.sql)
			}
		}
	}
}

// tableScans explains a statement and returns the whole-table reads of its
// plan ("SCAN answers"), leaving out reads through an index.
func tableScans(t *testing.T, app *servertest.App, s statement) []string {
	t.Helper()
	verb, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(s.sql)), " ")
	if verb != "SELECT" && verb != "UPDATE" && verb != "DELETE" {
		return nil
	}
	var plan []struct {
		ID, Parent, Notused int
		Detail              string
	}
	if err := app.DB.Raw("EXPLAIN QUERY PLAN "+s.sql, s.vars...).Scan(&plan).Error; err != nil {
		t.Fatalf("explain %s: %v", s.sql, err)
	}
	var scans []string
	for _, p := range plan {
		if strings.HasPrefix(p.Detail, "SCAN ") && !strings.Contains(p.Detail, " INDEX ") {
			scans = append(scans, p.Detail)
		}
	}
	return scans
}
