package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

type apiAnswer struct {
	Criterion  string  `json:"criterion"`
	Level      *string `json:"level"`
	Narrative  string  `json:"narrative"`
	Applicable bool    `json:"applicable"`
	Reason     string  `json:"reason"`
	Version    int     `json:"version"`
	Evidence   []struct {
		ID string `json:"id"`
	} `json:"evidence"`
}

type apiAssessment struct {
	ID               string      `json:"id"`
	HotlineID        string      `json:"hotline_id"`
	Status           string      `json:"status"`
	FrameworkVersion string      `json:"framework_version"`
	Answers          []apiAnswer `json:"answers"`
	Progress         struct {
		Answered int `json:"answered"`
		Required int `json:"required"`
	} `json:"progress"`
}

func getAssessment(t *testing.T, c *servertest.Client, id string) apiAssessment {
	t.Helper()
	r := c.JSON("GET", "/api/v1/assessments/"+id, nil)
	if r.StatusCode != 200 {
		t.Fatalf("get assessment: %d %s", r.StatusCode, r.Body)
	}
	var out apiAssessment
	r.Decode(&out)
	return out
}

func startAPI(t *testing.T, c *servertest.Client, hotlineID string) apiAssessment {
	t.Helper()
	r := c.JSON("POST", "/api/v1/assessments", map[string]string{"hotline_id": hotlineID})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	var out apiAssessment
	r.Decode(&out)
	return out
}

func saveAnswer(c *servertest.Client, id, code, level, narrative string, version int) *servertest.Response {
	return c.JSON("PUT", "/api/v1/assessments/"+id+"/answers/"+code, map[string]any{"level": level, "narrative": narrative, "version": version})
}

// The whole manager journey through HTTP: start, answer every applicable
// criterion (some through the HTML form), attach evidence, check, submit,
// and find the answers read-only.
func TestManagerJourney(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	web := app.SignIn(servertest.ManagerA)

	if r := web.PostForm("/assessments", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start from the page: %d %s", r.StatusCode, r.Body)
	}
	var list struct{ Items []apiAssessment }
	api.JSON("GET", "/api/v1/assessments", nil).Decode(&list)
	if len(list.Items) != 1 || list.Items[0].Status != "draft" || list.Items[0].FrameworkVersion != "2026.1" {
		t.Fatalf("assessments: %+v", list.Items)
	}
	id := list.Items[0].ID
	if r := api.JSON("POST", "/api/v1/assessments", map[string]string{"hotline_id": app.HotlineA.ID}); r.StatusCode != 409 {
		t.Fatalf("second open assessment: %d", r.StatusCode)
	}
	as := getAssessment(t, api, id)
	if len(as.Answers) != 50 || as.Progress.Required != 50 || as.Progress.Answered != 0 {
		t.Fatalf("new assessment: %d answers, progress %+v", len(as.Answers), as.Progress)
	}
	hub := web.Get("/assessments/" + id)
	if !strings.Contains(hub.Body, "0 of 50 criteria answered") || !strings.Contains(hub.Body, "Not started") {
		t.Fatalf("task list lacks progress or section states")
	}

	// The first criterion through the HTML form, "save and continue".
	r := web.PostForm("/assessments/"+id+"/criteria/LEG-01", url.Values{"level": {"met"}, "narrative": {"Η ΕΕΤΤ μας έχει αναθέσει τον αριθμό."}, "version": {"0"}, "action": {"continue"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/assessments/"+id+"/criteria/LEG-02" {
		t.Fatalf("save and continue: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if page := web.Get(r.Header.Get("Location")); !strings.Contains(page.Body, "Answer LEG-01 saved") {
		t.Fatal("no saved message on the next question")
	}
	// Evidence: a file and a link.
	up := web.Upload("/assessments/"+id+"/criteria/LEG-01/evidence", nil, "Απόφαση ΕΕΤΤ.pdf", servertest.PDF)
	if up.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload from the page: %d %s", up.StatusCode, up.Body)
	}
	link := web.PostForm("/assessments/"+id+"/criteria/LEG-01/evidence", url.Values{"url": {"https://www.eett.gr/decision"}, "title": {"Decision"}})
	if link.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d %s", link.StatusCode, link.Body)
	}
	if page := web.Get("/assessments/" + id + "/criteria/LEG-01"); !strings.Contains(page.Body, "Απόφαση ΕΕΤΤ.pdf") || !strings.Contains(page.Body, "https://www.eett.gr/decision") {
		t.Fatal("evidence not listed on the question page")
	}

	// Every other criterion through the API.
	for _, ans := range as.Answers[1:] {
		level, narrative := "met", "We do this: "+ans.Criterion
		if ans.Criterion == "AWR-01" {
			level, narrative = "not_applicable", "Awareness is run by the national ministry, not by us."
		}
		if r := saveAnswer(api, id, ans.Criterion, level, narrative, 0); r.StatusCode != 200 {
			t.Fatalf("save %s: %d %s", ans.Criterion, r.StatusCode, r.Body)
		}
	}
	check := web.Get("/assessments/" + id + "/check")
	if !strings.Contains(check.Body, "50 of 50 criteria answered") || !strings.Contains(check.Body, "I confirm") {
		t.Fatal("check page")
	}
	if r := web.PostForm("/assessments/"+id+"/submit", url.Values{}); r.StatusCode != 422 || !strings.Contains(r.Body, "Tick the box") {
		t.Fatalf("submit without the declaration: %d", r.StatusCode)
	}
	r = web.PostForm("/assessments/"+id+"/submit", url.Values{"confirm": {"yes"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}
	if page := web.Get(r.Header.Get("Location")); !strings.Contains(page.Body, "Self-assessment submitted") || !strings.Contains(page.Body, "What happens next") {
		t.Fatal("confirmation page")
	}
	after := getAssessment(t, api, id)
	if after.Status != "submitted" {
		t.Fatalf("status after submit: %s", after.Status)
	}
	// Read-only now, through the API and the page.
	if r := saveAnswer(api, id, "LEG-01", "not_met", "changed my mind", after.Answers[0].Version); r.StatusCode != 409 {
		t.Fatalf("save after submission: %d", r.StatusCode)
	}
	if page := web.Get("/assessments/" + id + "/criteria/LEG-01"); strings.Contains(page.Body, `name="narrative"`) || !strings.Contains(page.Body, "can no longer be changed") {
		t.Fatal("question page still editable after submission")
	}
	if r := api.JSON("POST", "/api/v1/assessments/"+id+"/submit", nil); r.StatusCode != 409 {
		t.Fatalf("second submit: %d", r.StatusCode)
	}
	var rounds int64
	app.DB.Model(&models.AnswerRound{}).Where("assessment_id = ? AND round = 1", id).Count(&rounds)
	if rounds != 50 {
		t.Fatalf("answers kept for round 1: %d", rounds)
	}
	for action, want := range map[string]int64{"answer.save": 50, "evidence.upload": 1, "evidence.link": 1, "assessment.submit": 1, "assessment.start": 1} {
		if got := app.AuditCount(action); got != want {
			t.Errorf("audit %s: %d, want %d", action, got, want)
		}
	}
}

func TestApplicabilityFollowsTheHotlineProfile(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerB) // hotline B offers phone only
	as := startAPI(t, api, app.HotlineB.ID)
	as = getAssessment(t, api, as.ID)
	applicable := map[string]bool{}
	for _, a := range as.Answers {
		applicable[a.Criterion] = a.Applicable
		if !a.Applicable && !strings.Contains(a.Reason, "profile") {
			t.Errorf("%s: no reason given: %q", a.Criterion, a.Reason)
		}
	}
	cases := map[string]bool{"LEG-01": true, "TEL-01": true, "GOV-01": true, "CHT-02": false, "CHT-05": false, "EML-01": false, "WEB-01": false}
	for code, want := range cases {
		if applicable[code] != want {
			t.Errorf("%s applicable = %v, want %v", code, applicable[code], want)
		}
	}
	if as.Progress.Required >= 50 {
		t.Fatalf("phone-only hotline must have fewer required criteria: %d", as.Progress.Required)
	}
	// The page says why, and the task list marks chat as not applying.
	web := app.SignIn(servertest.ManagerB)
	if page := web.Get("/assessments/" + as.ID + "/criteria/CHT-05"); !strings.Contains(page.Body, "does not list these channels") {
		t.Fatal("question page lacks the reason")
	}
	// Answering every applicable criterion is enough to submit.
	for _, a := range as.Answers {
		if a.Applicable {
			if r := saveAnswer(api, as.ID, a.Criterion, "partially_met", "Work in progress.", 0); r.StatusCode != 200 {
				t.Fatalf("save: %d", r.StatusCode)
			}
		}
	}
	if r := api.JSON("POST", "/api/v1/assessments/"+as.ID+"/submit", nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"status":"submitted"`) {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}
}

func TestAnswerValidation(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	cases := []struct {
		name      string
		body      map[string]any
		wantCode  int
		wantField string
	}{
		{"bad level", map[string]any{"level": "excellent", "narrative": "x", "version": 0}, 422, "level"},
		{"N/A without justification", map[string]any{"level": "not_applicable", "narrative": "   ", "version": 0}, 422, "narrative"},
		{"narrative too long", map[string]any{"level": "met", "narrative": strings.Repeat("α", 20001), "version": 0}, 422, "narrative"},
		{"negative version", map[string]any{"level": "met", "narrative": "x", "version": -1}, 422, "version"},
		{"malformed JSON", nil, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r *servertest.Response
			if tc.body == nil {
				req, _ := http.NewRequest("PUT", app.URL+"/api/v1/assessments/"+as.ID+"/answers/LEG-01", strings.NewReader(`{"level":`))
				r = api.Do(req)
			} else {
				r = api.JSON("PUT", "/api/v1/assessments/"+as.ID+"/answers/LEG-01", tc.body)
			}
			if r.StatusCode != tc.wantCode || (tc.wantField != "" && !strings.Contains(r.Body, `"`+tc.wantField+`":`)) {
				t.Fatalf("status %d: %s", r.StatusCode, r.Body)
			}
		})
	}
	if r := saveAnswer(api, as.ID, "NOPE-99", "met", "x", 0); r.StatusCode != 404 {
		t.Fatalf("unknown criterion: %d", r.StatusCode)
	}
	// The HTML form keeps what was typed and links the error to its field.
	web := app.SignIn(servertest.ManagerA)
	r := web.PostForm("/assessments/"+as.ID+"/criteria/LEG-02", url.Values{"level": {"not_applicable"}, "narrative": {""}, "version": {"0"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `href="#narrative"`) || !strings.Contains(r.Body, `value="not_applicable" checked`) {
		t.Fatalf("HTML validation: %d", r.StatusCode)
	}
	if got := getAssessment(t, api, as.ID).Answers[1].Version; got != 0 {
		t.Fatalf("an invalid save changed the answer: version %d", got)
	}
}

// Two tabs (or two colleagues) save one answer from the same version: the
// second gets 409, keeps its text, and sees the saved one.
func TestStaleAnswerSave(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	if r := saveAnswer(api, as.ID, "GOV-01", "met", "Tab one: our board meets monthly.", 0); r.StatusCode != 200 || !strings.Contains(r.Body, `"version":1`) {
		t.Fatalf("first save: %d %s", r.StatusCode, r.Body)
	}
	r := saveAnswer(api, as.ID, "GOV-01", "partially_met", "Tab two: accounts are audited.", 0)
	if r.StatusCode != 409 || !strings.Contains(r.Body, "Tab one: our board meets monthly.") || !strings.Contains(r.Body, `"version":1`) {
		t.Fatalf("stale API save: %d %s", r.StatusCode, r.Body)
	}
	web := app.SignIn(servertest.ManagerA)
	page := web.PostForm("/assessments/"+as.ID+"/criteria/GOV-01", url.Values{"level": {"not_met"}, "narrative": {"Tab three text"}, "version": {"0"}})
	if page.StatusCode != 409 || !strings.Contains(page.Body, "Tab three text") || !strings.Contains(page.Body, "Tab one: our board meets monthly.") ||
		!strings.Contains(page.Body, `name="version" value="1"`) {
		t.Fatalf("stale HTML save: %d", page.StatusCode)
	}
	got := getAssessment(t, api, as.ID)
	for _, a := range got.Answers {
		if a.Criterion == "GOV-01" && (a.Narrative != "Tab one: our board meets monthly." || a.Version != 1) {
			t.Fatalf("stale saves changed the answer: %+v", a)
		}
	}
}

// 50 concurrent saves of one answer from the same version: exactly one
// wins, the others get 409, none fails.
func TestConcurrentSavesOfOneAnswer(t *testing.T) {
	for _, n := range []int{50, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) { concurrentSaves(t, n) })
	}
}

func concurrentSaves(t *testing.T, n int) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	statuses := make([]int, n)
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := saveAnswer(api, as.ID, "CAS-02", "met", fmt.Sprintf("writer %d", i), 0)
			statuses[i], bodies[i] = r.StatusCode, r.Body
		}(i)
	}
	wg.Wait()
	counts := map[int]int{}
	for i, s := range statuses {
		counts[s]++
		if s != 200 && s != 409 {
			t.Errorf("writer %d: %d %s", i, s, bodies[i])
		}
		if strings.Contains(bodies[i], "locked") {
			t.Errorf("writer %d saw a lock error: %s", i, bodies[i])
		}
	}
	if counts[200] != 1 || counts[409] != n-1 {
		t.Fatalf("statuses: %v", counts)
	}
}

func TestEvidenceUploads(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_MAX_UPLOAD_MB": "1", "PORTAL_ASSESSMENT_QUOTA_MB": "2"}})
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	path := "/api/v1/assessments/" + as.ID + "/evidence"
	pdfOf := func(size int) []byte {
		b := append([]byte{}, servertest.PDF...)
		return append(b, bytes.Repeat([]byte("%"), size-len(b))...)
	}
	cases := []struct {
		name     string
		filename string
		content  []byte
		want     int
		wantText string
	}{
		{"a PDF", "licence.pdf", servertest.PDF, 201, `"content_type":"application/pdf"`},
		{"a PDF named .txt is a PDF", "scan.txt", servertest.PDF, 201, `"content_type":"application/pdf"`},
		{"UTF-8 text", "σημειώσεις.txt", []byte("Ώρες λειτουργίας: 24/7\n"), 201, `"content_type":"text/plain`},
		{"HTML named .pdf", "report.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), 415, `"unsupported_type"`},
		{"an executable", "setup.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), 415, `"unsupported_type"`},
		{"path traversal in the name", "../../../../etc/passwd.pdf", servertest.PDF, 201, `"filename":"passwd.pdf"`},
		{"over the limit", "huge.pdf", pdfOf(1<<20 + 1), 413, "larger than 1 MB"},
		{"just under the limit", "big.pdf", pdfOf(1<<20 - 1), 201, `"size":1048575`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := api.Upload(path, map[string]string{"criterion": "LEG-01"}, tc.filename, tc.content)
			if r.StatusCode != tc.want || !strings.Contains(r.Body, tc.wantText) {
				t.Fatalf("status %d: %.300s", r.StatusCode, r.Body)
			}
		})
	}
	// The quota: 2 MB in all; about 1 MB is used already.
	if r := api.Upload(path, map[string]string{"criterion": "LEG-02"}, "second.pdf", pdfOf(1<<20-10)); r.StatusCode != 413 || !strings.Contains(r.Body, "limit of 2 MB") {
		t.Fatalf("quota: %d %s", r.StatusCode, r.Body)
	}
	// Files are stored under random names outside any served folder, with
	// their hash; nothing of the user's name is used as a path.
	var stored []models.Evidence
	app.DB.Where("assessment_id = ? AND kind = ?", as.ID, "file").Find(&stored)
	files := storedFileCount(t, app)
	if len(stored) != 5 || files != 5 {
		t.Fatalf("stored %d rows and %d files", len(stored), files)
	}
	for _, e := range stored {
		if len(e.SHA256) != 64 || len(e.StorageKey) != 32 || strings.ContainsAny(e.StorageKey, "./\\") {
			t.Errorf("stored evidence %+v", e)
		}
	}
	// Downloads are attachments that a browser cannot render.
	var pdfID string
	for _, e := range stored {
		if e.Filename == "licence.pdf" {
			pdfID = e.ID
		}
	}
	dl := api.JSON("GET", "/api/v1/evidence/"+pdfID, nil)
	if dl.StatusCode != 200 || dl.Body != string(servertest.PDF) {
		t.Fatalf("download: %d", dl.StatusCode)
	}
	h := dl.Header
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download headers: %v", h)
	}
	// Another hotline's manager and an unassigned reviewer see nothing.
	for _, key := range []string{servertest.ManagerB, servertest.Reviewer1} {
		other := app.APIClient(key)
		for _, p := range []string{"/api/v1/evidence/" + pdfID, "/api/v1/assessments/" + as.ID} {
			if r := other.JSON("GET", p, nil); r.StatusCode != 404 {
				t.Errorf("%s GET %s: %d", key, p, r.StatusCode)
			}
		}
		if r := other.Upload(path, map[string]string{"criterion": "LEG-01"}, "x.pdf", servertest.PDF); r.StatusCode != 404 {
			t.Errorf("%s uploads: %d", key, r.StatusCode)
		}
	}
	// Removal, audited; the file goes too.
	if r := api.JSON("DELETE", "/api/v1/evidence/"+pdfID, nil); r.StatusCode != 204 {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if n := storedFileCount(t, app); n != 4 {
		t.Fatalf("files after removal: %d", n)
	}
	if app.AuditCount("evidence.remove") != 1 {
		t.Error("removal not audited")
	}
}

// storedFileCount counts the files in the app's file store (disk or bucket).
func storedFileCount(t *testing.T, app *servertest.App) int {
	t.Helper()
	n := 0
	if err := app.Svc.Files().Walk(context.Background(), func(evidence.ObjectInfo) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRenewalCarriesAnswersOver(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerB)
	first := startAPI(t, api, app.HotlineB.ID)
	first = getAssessment(t, api, first.ID)
	for _, a := range first.Answers {
		if a.Applicable {
			saveAnswer(api, first.ID, a.Criterion, "met", "Cycle one: "+a.Criterion, 0)
		}
	}
	api.Upload("/api/v1/assessments/"+first.ID+"/evidence", map[string]string{"criterion": "LEG-01"}, "licence.pdf", servertest.PDF)
	if r := api.JSON("POST", "/api/v1/assessments/"+first.ID+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	// The review and decision stages end the cycle.
	app.DB.Model(&models.Assessment{}).Where("id = ?", first.ID).Update("status", "decided")

	web := app.SignIn(servertest.ManagerB)
	r := web.PostForm("/assessments", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("renewal: %d %s", r.StatusCode, r.Body)
	}
	renewalID := strings.TrimPrefix(r.Header.Get("Location"), "/assessments/")
	renewal := getAssessment(t, api, renewalID)
	if renewal.Progress.Answered != 0 {
		t.Fatalf("carried-over answers must be confirmed before they count: %+v", renewal.Progress)
	}
	leg01 := renewal.Answers[0]
	if leg01.Level == nil || *leg01.Level != "met" || leg01.Narrative != "Cycle one: LEG-01" || len(leg01.Evidence) != 1 {
		t.Fatalf("LEG-01 not carried over: %+v", leg01)
	}
	if page := web.Get("/assessments/" + renewalID + "/criteria/LEG-01"); !strings.Contains(page.Body, "carried over") {
		t.Fatal("the question page does not mark the carried-over answer")
	}
	if r := api.JSON("POST", "/api/v1/assessments/"+renewalID+"/submit", nil); r.StatusCode != 422 || !strings.Contains(r.Body, `"LEG-01":`) {
		t.Fatalf("submit with unconfirmed answers: %d", r.StatusCode)
	}
	// Confirming is saving, unchanged or edited.
	if r := saveAnswer(api, renewalID, "LEG-01", "met", "Cycle one: LEG-01", leg01.Version); r.StatusCode != 200 {
		t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
	}
	if got := getAssessment(t, api, renewalID).Progress.Answered; got != 1 {
		t.Fatalf("answered after confirming one: %d", got)
	}
	// The first cycle is untouched.
	if got := getAssessment(t, api, first.ID); got.Status != "decided" || got.Answers[0].Narrative != "Cycle one: LEG-01" {
		t.Fatalf("first cycle changed: %+v", got.Status)
	}
}

func TestIncompleteSubmissionListsEveryMissingItem(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	saveAnswer(api, as.ID, "LEG-01", "met", "", 0)
	r := api.JSON("POST", "/api/v1/assessments/"+as.ID+"/submit", nil)
	var body struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.Decode(&body)
	if r.StatusCode != 422 || len(body.Error.Fields) != 49 || body.Error.Fields["LEG-02"] == "" || body.Error.Fields["LEG-01"] != "" {
		t.Fatalf("incomplete submit: %d, %d fields", r.StatusCode, len(body.Error.Fields))
	}
	web := app.SignIn(servertest.ManagerA)
	page := web.PostForm("/assessments/"+as.ID+"/submit", url.Values{"confirm": {"yes"}})
	if page.StatusCode != 422 || !strings.Contains(page.Body, `href="#answer-LEG-02"`) || !strings.Contains(page.Body, `id="answer-LEG-02"`) {
		t.Fatalf("HTML incomplete submit: %d", page.StatusCode)
	}
}
