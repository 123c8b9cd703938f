package server_test

import (
	"net/http"
	"strings"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/server/servertest"
)

func TestFrameworkImportErrors(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	cases := []struct {
		name, file string
		want       []string
	}{
		{"YAML syntax", "code: x\nversion: [\n", []string{"<td>2</td>", "1 problem"}},
		{"unknown field", strings.Replace(string(framework.DefaultYAML()), "version: \"2026.1\"", "version: \"2026.2\"\ncolour: blue", 1), []string{"colour", "1 problem"}},
		{"bad channel", strings.Replace(string(framework.DefaultYAML()), "version: \"2026.1\"", "version: \"2026.2\"", 1) + "", nil},
	}
	// The third case: a bad channel in the first criterion.
	yml := strings.Replace(string(framework.DefaultYAML()), "version: \"2026.1\"", "version: \"2026.2\"", 1)
	cases[2].file = strings.Replace(yml, "channels: [phone]", "channels: [fax]", 1)
	cases[2].want = []string{"channels", "fax"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := sec.Upload("/frameworks/import", nil, "framework.yaml", []byte(tc.file))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("the problem list lacks %q", w)
				}
			}
		})
	}
	if r := sec.Upload("/frameworks/import", nil, "", nil); r.StatusCode != 422 || !strings.Contains(r.Body, "Choose a file") {
		t.Fatalf("no file: %d", r.StatusCode)
	}
	if r := sec.Upload("/frameworks/import", nil, "same.yaml", framework.DefaultYAML()); r.StatusCode != 422 || !strings.Contains(r.Body, "already exists") {
		t.Fatalf("same version again: %d", r.StatusCode)
	}
}

// The secretariat imports a revised framework with one criterion changed,
// sees the diff, and publishes it; an assessment already started stays on
// its version.
func TestFrameworkRevision(t *testing.T) {
	app := servertest.New(t)
	pinned := app.StartAssessment(servertest.ManagerA)
	sec := app.SignIn(servertest.Secretariat)
	orig, _ := framework.Default()
	old, _ := orig.Criterion("CHT-05")
	oldTitle := old.Title["en"]
	revised := strings.Replace(string(framework.DefaultYAML()), "version: \"2026.1\"", "version: \"2027.1\"", 1)
	revised = strings.Replace(revised, oldTitle, oldTitle+" within five minutes", 1)
	r := sec.Upload("/frameworks/import", nil, "mce-2027.yaml", []byte(revised))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.StatusCode, r.Body)
	}
	page := sec.Get(r.Header.Get("Location"))
	for _, want := range []string{"Changes compared with the current version 2026.1", "CHT-05", "title.en", "Publish version 2027.1", "Draft"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	if strings.Count(page.Body, `class="code">CHT-05`) < 1 || strings.Contains(page.Body, "Criteria added</dt><dd><span") {
		t.Error("diff shows more than the one changed criterion")
	}
	id := strings.TrimPrefix(r.Header.Get("Location"), "/frameworks/")
	if r := sec.PostForm("/frameworks/"+id+"/publish", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
	api := app.APIClient(servertest.ManagerB)
	cur := api.JSON("GET", "/api/v1/frameworks/current", nil)
	if !strings.Contains(cur.Body, `"version":"2027.1"`) || !strings.Contains(cur.Body, "within five minutes") {
		t.Fatalf("current framework: %.200s", cur.Body)
	}
	if as := startAPI(t, api, app.HotlineB.ID); as.FrameworkVersion != "2027.1" {
		t.Fatalf("new assessment on %s", as.FrameworkVersion)
	}
	if got := getAssessment(t, app.APIClient(servertest.ManagerA), pinned.ID); got.FrameworkVersion != "2026.1" {
		t.Fatalf("started assessment moved to %s", got.FrameworkVersion)
	}
	if list := sec.Get("/frameworks"); !strings.Contains(list.Body, "2027.1") || !strings.Contains(list.Body, "Earlier version") {
		t.Fatal("framework list")
	}
	if app.AuditCount("framework.import") != 1 || app.AuditCount("framework.publish") != 2 {
		t.Error("import and publish not audited")
	}
}

func TestCurrentFrameworkAPI(t *testing.T) {
	app := servertest.New(t)
	r := app.APIClient(servertest.Reviewer2).JSON("GET", "/api/v1/frameworks/current", nil)
	var body struct {
		Code     string `json:"code"`
		Version  string `json:"version"`
		Sections []struct {
			Code     string `json:"code"`
			Criteria []struct {
				Code      string   `json:"code"`
				Title     string   `json:"title"`
				Guidance  string   `json:"guidance"`
				Evidence  string   `json:"evidence"`
				Mandatory bool     `json:"mandatory"`
				Critical  bool     `json:"critical"`
				Channels  []string `json:"channels"`
			} `json:"criteria"`
		} `json:"sections"`
	}
	r.Decode(&body)
	n := 0
	for _, s := range body.Sections {
		for _, c := range s.Criteria {
			n++
			if c.Title == "" || c.Guidance == "" || c.Evidence == "" || len(c.Channels) == 0 {
				t.Errorf("%s incomplete", c.Code)
			}
		}
	}
	if body.Code != "mce-116000" || body.Version != "2026.1" || len(body.Sections) != 12 || n != 50 {
		t.Fatalf("framework: %s %s, %d sections, %d criteria", body.Code, body.Version, len(body.Sections), n)
	}
}
