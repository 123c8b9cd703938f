package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// uploadedFile attaches a PDF to a criterion of an editable assessment
// through the API and returns its id.
func uploadedFile(t *testing.T, c *servertest.Client, assessmentID, code, name string) string {
	t.Helper()
	r := c.Upload("/api/v1/assessments/"+assessmentID+"/evidence", map[string]string{"criterion": code}, name, servertest.PDF)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	var e struct {
		ID string `json:"id"`
	}
	r.Decode(&e)
	return e.ID
}

// The evidence access log over HTTP: the manager sees roles and
// pseudonyms ("Reviewer A" by the order of assignment, whoever downloaded
// first) and never a reviewer's name, email or id; the secretariat sees
// names too; a reviewer is refused, another hotline's manager shown
// nothing; the hotline page links to the log, and an empty log says so.
func TestEvidenceAccessLog(t *testing.T) {
	app := servertest.New(t)
	mgr := app.APIClient(servertest.ManagerA)
	as := startAPI(t, mgr, app.HotlineA.ID)
	fileID := uploadedFile(t, mgr, as.ID, "LEG-01", "Licence 2026.pdf")
	for _, a := range getAssessment(t, mgr, as.ID).Answers {
		if r := saveAnswer(mgr, as.ID, a.Criterion, "met", "Round one: "+a.Criterion, 0); r.StatusCode != 200 {
			t.Fatalf("save %s: %d", a.Criterion, r.StatusCode)
		}
	}
	if r := mgr.JSON("POST", "/api/v1/assessments/"+as.ID+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}
	sec := app.APIClient(servertest.Secretariat)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+as.ID+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
		}
	}
	// Reviewer2 (assigned second) downloads first, through the API;
	// Reviewer1 through the page; then the secretariat and the manager.
	downloads := []struct {
		client *servertest.Client
		path   string
	}{
		{app.APIClient(servertest.Reviewer2), "/api/v1/evidence/" + fileID},
		{app.SignIn(servertest.Reviewer1), "/evidence/" + fileID},
		{sec, "/api/v1/evidence/" + fileID},
		{mgr, "/api/v1/evidence/" + fileID},
	}
	for i, d := range downloads {
		app.Clock.Advance(time.Second)
		if r := d.client.Get(d.path); r.StatusCode != 200 || !strings.HasPrefix(r.Body, "%PDF") {
			t.Fatalf("download %d: %d", i, r.StatusCode)
		}
	}
	path := "/api/v1/hotlines/" + app.HotlineA.ID + "/evidence-access"
	var log struct {
		Items []struct {
			Filename, Criterion, Role, Pseudonym string
			AssessmentID                         string `json:"assessment_id"`
			User                                 *struct{ ID, Name string }
		}
		Total int
	}
	r := mgr.JSON("GET", path, nil)
	if r.StatusCode != 200 {
		t.Fatalf("manager's log: %d %s", r.StatusCode, r.Body)
	}
	r.Decode(&log)
	want := []string{"Hotline manager", "Secretariat", "Reviewer A", "Reviewer B"}
	if log.Total != 4 || len(log.Items) != 4 {
		t.Fatalf("manager's log: %s", r.Body)
	}
	for i, it := range log.Items {
		if it.Pseudonym != want[i] || it.User != nil || it.Filename != "Licence 2026.pdf" || it.Criterion != "LEG-01" || it.AssessmentID != as.ID {
			t.Errorf("item %d: %+v, want %s", i, it, want[i])
		}
	}
	secret := []string{}
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2, servertest.Secretariat} {
		u := app.Users[key]
		secret = append(secret, u.Name, u.Email, u.ID)
	}
	page := app.SignIn(servertest.ManagerA).Get("/hotlines/" + app.HotlineA.ID + "/evidence-access")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Reviewer B") || !strings.Contains(page.Body, "Licence 2026.pdf") {
		t.Fatalf("manager's page: %d", page.StatusCode)
	}
	for _, s := range secret {
		if strings.Contains(r.Body, s) || strings.Contains(page.Body, s) {
			t.Errorf("the manager is told %q", s)
		}
	}
	r = sec.JSON("GET", path, nil)
	r.Decode(&log)
	if r.StatusCode != 200 || log.Items[2].User == nil || log.Items[2].User.Name != app.Users[servertest.Reviewer1].Name || log.Items[2].Pseudonym != "Reviewer A" {
		t.Errorf("secretariat's log: %d %s", r.StatusCode, r.Body)
	}
	if p := app.SignIn(servertest.Secretariat).Get("/hotlines/" + app.HotlineA.ID + "/evidence-access"); !strings.Contains(p.Body, app.Users[servertest.Reviewer2].Name) {
		t.Errorf("the secretariat's page names nobody")
	}
	for _, tc := range []struct {
		key  string
		want int
	}{{servertest.Reviewer1, 403}, {servertest.ManagerB, 404}} {
		if r := app.APIClient(tc.key).JSON("GET", path, nil); r.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.key, r.StatusCode, tc.want)
		}
	}
	if p := app.SignIn(servertest.ManagerA).Get("/hotlines/" + app.HotlineA.ID); !strings.Contains(p.Body, `href="/hotlines/`+app.HotlineA.ID+`/evidence-access"`) {
		t.Error("no link from the hotline page")
	}
	if p := app.SignIn(servertest.ManagerB).Get("/hotlines/" + app.HotlineB.ID + "/evidence-access"); p.StatusCode != 200 || !strings.Contains(p.Body, "No evidence file of this hotline has been downloaded yet.") {
		t.Errorf("empty log: %d", p.StatusCode)
	}
	if r := mgr.JSON("GET", path+"?page=2", nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"items":[]`) {
		t.Errorf("page 2: %d %s", r.StatusCode, r.Body)
	}
}

// A file purged by the retention job: the lists show it removed with its
// name and hash, and a download answers 410 Gone (JSON for the API, a
// page otherwise), not 500.
func TestPurgedEvidenceIsGone(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	if r := app.APIClient(servertest.Secretariat).JSON("POST", "/api/v1/assessments/"+id+"/decision", map[string]any{"outcome": "accredited", "rationale": "All met."}); r.StatusCode != 200 && r.StatusCode != 201 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	// A file of the decided cycle (uploads are closed by now).
	store := app.Svc.Files()
	saved, err := store.SaveNamed(context.Background(), bytes.NewReader(servertest.PDF), 1<<20, "rota.pdf")
	if err != nil {
		t.Fatal(err)
	}
	e := &models.Evidence{ID: models.NewID(), AssessmentID: id, Criterion: "LEG-01", Kind: models.EvidenceFile, Filename: "Rota 2026.pdf",
		StorageKey: saved.Key, Size: saved.Size, SHA256: saved.SHA256, ContentType: "application/pdf", CreatedBy: app.Users[servertest.ManagerA].ID, CreatedAt: app.Clock.Now().UTC()}
	if err := models.CreateEvidence(context.Background(), app.DB, e); err != nil {
		t.Fatal(err)
	}
	app.Clock.Advance(11 * 366 * 24 * time.Hour)
	rep, err := app.Svc.RunRetention(context.Background())
	if err != nil || rep.EvidenceFiles != 1 {
		t.Fatalf("retention: %+v %v", rep, err)
	}
	api := app.APIClient(servertest.ManagerA)
	r := api.Get("/api/v1/evidence/" + e.ID)
	if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, `"code":"gone"`) || !strings.Contains(r.Body, e.SHA256) || !strings.Contains(r.Body, "Rota 2026.pdf") {
		t.Errorf("API download: %d %s", r.StatusCode, r.Body)
	}
	web := app.SignIn(servertest.ManagerA)
	r = web.Get("/evidence/" + e.ID)
	if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "File removed") || !strings.Contains(r.Body, e.SHA256) {
		t.Errorf("page download: %d", r.StatusCode)
	}
	r = web.Get("/assessments/" + id + "/criteria/LEG-01")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "under the retention policy") || !strings.Contains(r.Body, e.SHA256) || strings.Contains(r.Body, `href="/evidence/`+e.ID+`"`) {
		t.Errorf("question page: %d", r.StatusCode)
	}
	if r := api.Get("/api/v1/assessments/" + id); !strings.Contains(r.Body, `"purged_at"`) || !strings.Contains(r.Body, e.SHA256) {
		t.Error("the API does not say the file was purged")
	}
	_, _, err = app.Svc.OpenEvidence(context.Background(), assessments.Actor{User: app.Users[servertest.Secretariat]}, e.ID)
	if _, gone := assessments.IsPurged(err); !gone {
		t.Errorf("the domain's refusal: %v", err)
	}
}

// The privacy notice states the configured periods.
func TestPrivacyNoticeStatesThePeriods(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{
		"PORTAL_RETENTION_YEARS": "7", "PORTAL_APPEAL_DAYS": "21", "PORTAL_SESSION_IDLE": "45m", "PORTAL_SESSION_LIFETIME": "8h",
	}})
	r := app.Client().Get("/privacy")
	for _, want := range []string{"7 years after the assessment", "within 21 days", "after 45 minutes without activity", "8 hours after signing in",
		"tokens are valid for 1 day", "valid for 7 days", "password reset links for 1 hour", "kept for 15 minutes", "portal backup", `href="/account"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the notice does not say %q", want)
		}
	}
	closed := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_APPEAL_DAYS": "0"}})
	if r := closed.Client().Get("/privacy"); !strings.Contains(r.Body, "this portal takes no appeals") || !strings.Contains(r.Body, "10 years") {
		t.Error("the notice with appeals closed")
	}
}
