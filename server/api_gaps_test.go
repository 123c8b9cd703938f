package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
	"hotlineportal/server/servertest"
)

// gapAccessRows are the access matrix rows of routes_api_gaps.go, as
// their pages answer: {AS} is a draft (no results yet: 404, and 403 for
// its own manager as on the results page), {Z} an appeal, file or data
// request nobody may see.
func gapAccessRows() []routeCase {
	return []routeCase{
		{method: "GET", route: "/api/v1/assessments/:id/conditions", path: "/api/v1/assessments/{AS}/conditions", api: true, want: want{401, 404, 403, 404, 403}},
		{method: "GET", route: "/api/v1/appeals/:id/files/:file", path: "/api/v1/appeals/{Z}/files/{Z}", api: true, want: want{401, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/appeals/:id/dossier", path: "/api/v1/appeals/{Z}/dossier", api: true, want: want{401, 404, 403, 403, 404}},
		{method: "GET", route: "/api/v1/data-requests/:id", path: "/api/v1/data-requests/{Z}", api: true, want: want{401, 404, 403, 403, 403}},
	}
}

// gapConditions is the conditions list as the tests read it.
type gapConditions struct {
	Items []struct {
		ID           string  `json:"id"`
		Text         string  `json:"text"`
		DueAt        string  `json:"due_at"`
		Status       string  `json:"status"`
		EvidenceNote string  `json:"evidence_note"`
		SubmittedAt  *string `json:"submitted_at"`
		AcceptedAt   *string `json:"accepted_at"`
	} `json:"items"`
	Total int `json:"total"`
}

// A decided assessment's conditions, as its results page shows them: to
// the secretariat and the hotline's manager, with the manager's note and
// when it was sent and accepted; nobody before the decision; another
// hotline's manager is shown nothing, reviewers are refused as on the
// page.
func TestGapConditionsThroughTheAPI(t *testing.T) {
	t.Parallel()
	app := servertest.New(t)
	id := reviewed(t, app, 3, map[string]int{"GOV-01": 2})
	sec, mgr := app.APIClient(servertest.Secretariat), app.APIClient(servertest.ManagerA)
	path := "/api/v1/assessments/" + id + "/conditions"
	runSteps(t, []apiStep{
		{"the secretariat before the decision", sec, "GET", path, nil, 404, `"code":"not_found"`},
		{"the manager before the decision", mgr, "GET", path, nil, 403, ""},
	})
	due := app.Clock.Now().AddDate(0, 6, 0).Format("2006-01-02")
	r := sec.JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited_with_conditions", "rationale": "Audited accounts missing.",
		"conditions": []map[string]string{{"text": "Publish audited accounts", "due_at": due}, {"text": "Train the night shift", "due_at": due}}})
	expect(t, r, 201, "decide with conditions")

	var list gapConditions
	getJSON(t, sec, path, &list)
	if list.Total != 2 || len(list.Items) != 2 {
		t.Fatalf("conditions: %+v", list)
	}
	first := list.Items[0]
	if first.Text != "Publish audited accounts" {
		first = list.Items[1]
	}
	expect(t, mgr.JSON("POST", "/api/v1/conditions/"+first.ID+"/evidence", map[string]string{"note": "Published on our website."}), 200, "evidence")
	expect(t, sec.JSON("POST", "/api/v1/conditions/"+first.ID+"/accept", nil), 200, "accept")

	runSteps(t, []apiStep{
		{"the secretariat", sec, "GET", path, nil, 200, `"status":"accepted"`},
		{"the hotline's manager", mgr, "GET", path, nil, 200, "Published on our website."},
		{"another hotline's manager", app.APIClient(servertest.ManagerB), "GET", path, nil, 404, ""},
		{"a reviewer of the assessment", app.APIClient(servertest.Reviewer1), "GET", path, nil, 403, ""},
		{"nobody", app.Client(), "GET", path, nil, 401, ""},
		{"an unknown assessment", sec, "GET", "/api/v1/assessments/" + unknownID + "/conditions", nil, 404, ""},
		{"a malformed id", sec, "GET", "/api/v1/assessments/x/conditions", nil, 404, ""},
	})
	getJSON(t, mgr, path, &list)
	for _, c := range list.Items {
		if !strings.HasPrefix(c.DueAt, due) {
			t.Errorf("%s: due %q, want %s", c.Text, c.DueAt, due)
		}
		switch c.Text {
		case "Publish audited accounts":
			if c.Status != "accepted" || c.EvidenceNote != "Published on our website." || c.SubmittedAt == nil || c.AcceptedAt == nil {
				t.Errorf("the met condition: %+v", c)
			}
		case "Train the night shift":
			if c.Status != "open" || c.EvidenceNote != "" || c.SubmittedAt != nil || c.AcceptedAt != nil {
				t.Errorf("the open condition: %+v", c)
			}
		default:
			t.Errorf("unexpected condition %+v", c)
		}
	}
	page := app.SignIn(servertest.ManagerA).Get("/assessments/" + id + "/results")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Published on our website.") || !strings.Contains(page.Body, "Train the night shift") {
		t.Errorf("the results page does not show the same conditions: %d", page.StatusCode)
	}
}

// unknownID is a well-formed id nothing has.
const unknownID = "00000000-0000-7000-8000-000000000000"

// gapFiles is a file store that can be made unreachable: opening a file
// then fails as a bucket that does not answer does.
type gapFiles struct {
	evidence.Blobs
	down atomic.Bool
}

func (f *gapFiles) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if f.down.Load() {
		return nil, evidence.ErrUnavailable
	}
	return f.Blobs.Open(ctx, key)
}

// gapFilesPortal is a portal on a gapFiles store (over the store the
// tests would use anyway).
func gapFilesPortal(t *testing.T) (*servertest.App, *gapFiles) {
	files := &gapFiles{}
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) {
		files.Blobs = o.Files
		if files.Blobs == nil {
			disk, err := evidence.NewStore(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			files.Blobs = disk
		}
		o.Files = files
	}})
	return app, files
}

// gapAppealFile is a file of an appeal as the API lists it.
type gapAppealFile struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	APIURL string `json:"api_url"`
	SHA256 string `json:"sha256"`
	Purged bool   `json:"purged"`
}

// appealFiles reads an appeal's files as c sees them.
func appealFiles(t *testing.T, c *servertest.Client, appealID string) []gapAppealFile {
	t.Helper()
	var d struct {
		Files []gapAppealFile `json:"files"`
	}
	getJSON(t, c, "/api/v1/appeals/"+appealID, &d)
	return d.Files
}

// An appeal's files and dossier under /api/v1, answered by the pages'
// handlers: the file as an attachment to whoever may see the appeal, each
// download in the hotline's access log; the dossier to the panel and the
// secretariat; 503 while the file store is away, 410 once retention has
// removed the file.
func TestGapAppealFilesAndDossierThroughTheAPI(t *testing.T) {
	t.Parallel()
	app, files := gapFilesPortal(t)
	d := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	mgr, sec, member := app.APIClient(d.Manager), app.APIClient(servertest.Secretariat), app.APIClient(servertest.Reviewer2)
	other, nonMember, nobody := app.APIClient(servertest.ManagerA), app.APIClient(servertest.Reviewer1), app.Client()

	var lodged struct{ ID string }
	r := mgr.JSON("POST", "/api/v1/assessments/"+d.Assessment+"/appeal", map[string]any{"grounds": "Our night rota meets TEL-01."})
	expect(t, r, 201, "lodge")
	r.Decode(&lodged)
	base := "/api/v1/appeals/" + lodged.ID
	r = mgr.Upload(base+"/evidence", nil, "rota.pdf", servertest.PDF)
	expect(t, r, 201, "attach")
	var added gapAppealFile
	r.Decode(&added)
	fileURL := base + "/files/" + added.ID
	if added.APIURL != fileURL || added.URL != "/appeals/"+lodged.ID+"/files/"+added.ID {
		t.Fatalf("the attached file's links: %+v", added)
	}
	expect(t, sec.JSON("POST", base+"/panel", map[string]any{"user_ids": []string{app.Users[servertest.Reviewer2].ID}}), 201, "panel")
	if listed := appealFiles(t, mgr, lodged.ID); len(listed) != 1 || listed[0] != added {
		t.Fatalf("the appeal's files: %+v, want %+v", listed, added)
	}

	before := app.AuditCount("appeal.file_download")
	for _, tc := range []struct {
		name string
		c    *servertest.Client
		path string
		want int
	}{
		{"the hotline's manager", mgr, fileURL, 200},
		{"a panel member", member, fileURL, 200},
		{"the secretariat", sec, fileURL, 200},
		{"the manager with the session cookie", app.SignIn(d.Manager), fileURL, 200},
		{"another hotline's manager", other, fileURL, 404},
		{"a reviewer not on the panel", nonMember, fileURL, 404},
		{"nobody", nobody, fileURL, 401},
		{"an unknown file", sec, base + "/files/" + unknownID, 404},
		{"a file of another appeal", sec, "/api/v1/appeals/" + unknownID + "/files/" + added.ID, 404},
	} {
		r := tc.c.Get(tc.path)
		if r.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d\n%.300s", tc.name, r.StatusCode, tc.want, r.Body)
			continue
		}
		if tc.want == 200 && (r.Body != string(servertest.PDF) || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(r.Header.Get("Content-Disposition"), "rota.pdf")) {
			t.Errorf("%s: not the file as an attachment: %q %q", tc.name, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
	}
	if n := app.AuditCount("appeal.file_download") - before; n != 4 {
		t.Errorf("%d downloads audited, want 4", n)
	}

	dossier := app.SignIn(servertest.Reviewer2).Get("/appeals/" + lodged.ID + "/dossier")
	expect(t, dossier, 200, "the dossier page route")
	for _, tc := range []struct {
		name string
		c    *servertest.Client
		path string
		want int
	}{
		{"a panel member", member, base + "/dossier", 200},
		{"the secretariat", sec, base + "/dossier", 200},
		{"the hotline's manager", mgr, base + "/dossier", 403},
		{"a reviewer not on the panel", nonMember, base + "/dossier", 404},
		{"nobody", nobody, base + "/dossier", 401},
		{"an unknown appeal", sec, "/api/v1/appeals/" + unknownID + "/dossier", 404},
	} {
		r := tc.c.Get(tc.path)
		if r.StatusCode != tc.want {
			t.Errorf("dossier, %s: %d, want %d\n%.300s", tc.name, r.StatusCode, tc.want, r.Body)
			continue
		}
		if tc.want == 200 && (r.Body != dossier.Body || !json.Valid([]byte(r.Body)) || !strings.Contains(r.Header.Get("Content-Disposition"), "dossier-"+d.Assessment+".json")) {
			t.Errorf("dossier, %s: not the page's dossier as an attachment: %q", tc.name, r.Header.Get("Content-Disposition"))
		}
	}

	files.down.Store(true)
	r = mgr.Get(fileURL)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, `"code":"unavailable"`) {
		t.Errorf("with the file store down: %d, Retry-After %q\n%.300s", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
	}
	files.down.Store(false)
	expect(t, mgr.Get(fileURL), 200, "the file store back")

	// Retention removes the file once the appeal is over and the decision
	// old enough: the download is gone (410), the record says so.
	expect(t, mgr.JSON("POST", base+"/withdraw", nil), 200, "withdraw")
	app.Clock.Advance(11 * 366 * 24 * time.Hour)
	rep, err := app.Svc.RunRetention(context.Background())
	if err != nil || rep.AppealFiles != 1 {
		t.Fatalf("retention: %+v %v", rep, err)
	}
	mgr = app.APIClient(d.Manager) // the token has long expired
	r = mgr.Get(fileURL)
	if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, `"code":"gone"`) || !strings.Contains(r.Body, added.SHA256) || !strings.Contains(r.Body, "rota.pdf") {
		t.Errorf("a purged file: %d %s", r.StatusCode, r.Body)
	}
	if r := app.SignIn(d.Manager).Get(added.URL); r.StatusCode != http.StatusGone {
		t.Errorf("a purged file on the page route: %d", r.StatusCode)
	}
	if listed := appealFiles(t, mgr, lodged.ID); len(listed) != 1 || !listed[0].Purged || listed[0].URL != "" || listed[0].APIURL != "" || listed[0].SHA256 != added.SHA256 {
		t.Errorf("the purged file as listed: %+v", listed)
	}
}

// One data request for the secretariat, as the list shows it; other roles
// are refused as on the page, an unknown request is 404.
func TestGapDataRequestThroughTheAPI(t *testing.T) {
	t.Parallel()
	app := servertest.New(t)
	mgr, sec := app.APIClient(servertest.ManagerA), app.APIClient(servertest.Secretariat)
	r := mgr.JSON("POST", "/api/v1/me/requests", map[string]any{"kind": "correction", "details": "My name is spelt Ελένη."})
	expect(t, r, 201, "ask")
	var made struct{ ID string }
	r.Decode(&made)
	path := "/api/v1/data-requests/" + made.ID

	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	getJSON(t, sec, "/api/v1/data-requests", &list)
	if len(list.Items) != 1 {
		t.Fatalf("%d requests listed, want 1", len(list.Items))
	}
	if one := getJSON(t, sec, path, new(any)); !sameJSON(t, one, string(list.Items[0])) {
		t.Errorf("one request %s, the list's %s", one, list.Items[0])
	}
	runSteps(t, []apiStep{
		{"the person themselves", mgr, "GET", path, nil, 403, ""},
		{"a reviewer", app.APIClient(servertest.Reviewer1), "GET", path, nil, 403, ""},
		{"nobody", app.Client(), "GET", path, nil, 401, ""},
		{"an unknown request", sec, "GET", "/api/v1/data-requests/" + unknownID, nil, 404, ""},
		{"a malformed id", sec, "GET", "/api/v1/data-requests/x", nil, 404, ""},
		{"answered", sec, "POST", path + "/close", map[string]any{"status": "done", "response": "Corrected."}, 200, ""},
		{"as answered", sec, "GET", path, nil, 200, `"response":"Corrected."`},
	})
}

// sameJSON tells whether two JSON texts hold the same value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
