package server_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// translate fills one unit of an exported XLIFF file, as a translator's
// tool does: its target text and its state.
func translate(t *testing.T, xliff, unit, state, text string) string {
	t.Helper()
	re := regexp.MustCompile(`(<unit id="` + regexp.QuoteMeta(unit) + `">\s*<segment state=")[a-z]+(">\s*<source>[^<]*</source>\s*<target>)[^<]*(</target>)`)
	if !re.MatchString(xliff) {
		t.Fatalf("unit %s not in the exported file", unit)
	}
	return re.ReplaceAllString(xliff, "${1}"+state+"${2}"+text+"${3}")
}

func putXLIFF(c *servertest.Client, path, body string) *servertest.Response {
	req, _ := http.NewRequest("PUT", c.App.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/xliff+xml")
	return c.Do(req)
}

type currentFramework struct {
	ID       string `json:"id"`
	Language string `json:"language"`
	Sections []struct {
		Criteria []struct {
			Code, Title, Translation string
		} `json:"criteria"`
	} `json:"sections"`
}

// english is a criterion's title as the fallback gives it.
func (f currentFramework) english(code string) string {
	title, _ := f.criterion(code)
	return title
}

func (f currentFramework) criterion(code string) (title, status string) {
	for _, s := range f.Sections {
		for _, c := range s.Criteria {
			if c.Code == code {
				return c.Title, c.Translation
			}
		}
	}
	return "", ""
}

func current(t *testing.T, c *servertest.Client, lang string) currentFramework {
	t.Helper()
	r := c.Get("/api/v1/frameworks/current?lang=" + lang)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("current framework in %s: %d %s", lang, r.StatusCode, r.Body)
	}
	var f currentFramework
	r.Decode(&f)
	return f
}

// The secretariat exports a language's texts for translators, imports the
// translated file on the published framework (no new version, audited),
// and the criteria come back in that language with their status; the
// question page marks a draft and offers the English original.
func TestCriteriaTranslationRoundTrip(t *testing.T) {
	app := servertest.New(t)
	sec := app.APIClient(servertest.Secretariat)
	manager := app.APIClient(servertest.ManagerA)

	before := current(t, manager, "mt")
	if title, status := before.criterion("LEG-01"); status != "fallback" || title == "" {
		t.Fatalf("LEG-01 in Maltese before any translation: %q %q", title, status)
	}
	if _, status := current(t, manager, "fr").criterion("LEG-01"); status != "reviewed" {
		t.Fatalf("the framework's own French is %q, want reviewed", status)
	}
	// The drafts shipped with the default framework are loaded at start.
	for _, lang := range []string{"el", "bg", "uk", "de", "pl"} {
		f := current(t, manager, lang)
		if title, status := f.criterion("LEG-01"); status != "draft" || title == "" || title == before.english("LEG-01") {
			t.Errorf("LEG-01 in %s: %q %q, want a draft translation", lang, title, status)
		}
	}
	if r := manager.Get("/api/v1/frameworks/current?lang=xx"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown language: %d", r.StatusCode)
	}

	path := "/api/v1/frameworks/" + before.ID + "/translations/mt"
	if r := manager.Get(path); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a manager exports: %d", r.StatusCode)
	}
	exported := sec.Get(path)
	if exported.StatusCode != http.StatusOK || !strings.Contains(exported.Body, `urn:oasis:names:tc:xliff:document:2.0`) || !strings.Contains(exported.Body, `trgLang="mt"`) {
		t.Fatalf("export: %d %.300s", exported.StatusCode, exported.Body)
	}
	file := exported.Body
	for _, u := range []string{"title", "guidance", "evidence"} {
		file = translate(t, file, "criterion.LEG-01."+u, "final", "Test MT "+u+" ħ ġ ż")
	}
	file = translate(t, file, "criterion.LEG-02.title", "translated", "Abbozz LEG-02")

	bad := map[string]string{
		"not XLIFF":        "<html>hello</html>",
		"another language": strings.Replace(file, `trgLang="mt"`, `trgLang="ga"`, 1),
		"unknown unit":     strings.Replace(file, `unit id="criterion.LEG-02.title"`, `unit id="criterion.ZZZ-99.title"`, 1),
		"changed source":   strings.Replace(file, "<source>", "<source>Changed ", 1),
	}
	for name, body := range bad {
		if r := putXLIFF(sec, path, body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"file"`) {
			t.Errorf("%s: %d %s", name, r.StatusCode, r.Body)
		}
	}
	if r := putXLIFF(sec, "/api/v1/frameworks/"+before.ID+"/translations/fr", strings.Replace(file, `trgLang="mt"`, `trgLang="fr"`, 1)); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the framework's own language: %d %s", r.StatusCode, r.Body)
	}
	r := putXLIFF(sec, path, file)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"texts":4`) || !strings.Contains(r.Body, `"reviewed":3`) {
		t.Fatalf("import: %d %s", r.StatusCode, r.Body)
	}

	after := current(t, manager, "mt")
	if after.ID != before.ID {
		t.Fatal("the import made a new framework version")
	}
	cases := []struct{ code, title, status string }{
		{"LEG-01", "Test MT title ħ ġ ż", "reviewed"},
		{"LEG-02", "Abbozz LEG-02", "draft"},
	}
	for _, c := range cases {
		if title, status := after.criterion(c.code); title != c.title || status != c.status {
			t.Errorf("%s in Maltese: %q %q, want %q %q", c.code, title, status, c.title, c.status)
		}
	}
	if _, status := after.criterion("LEG-03"); status != "fallback" {
		t.Errorf("LEG-03 untranslated is %q", status)
	}
	var audited int64
	app.DB.Model(&models.AuditEntry{}).Where("action = ? AND object_id = ? AND detail LIKE ? AND actor_email = ?", "framework.translation.import", before.ID, "mt:%", app.Users[servertest.Secretariat].Email).Count(&audited)
	if audited != 1 {
		t.Errorf("%d audit entries for the import, want 1", audited)
	}
	list := sec.Get("/api/v1/frameworks/" + before.ID + "/translations")
	if !strings.Contains(list.Body, `"language":"mt","name":"Malti","original":false,"status":"draft","texts":4,"reviewed":3`) {
		t.Errorf("translation list: %s", list.Body)
	}
	// A second export carries what was imported, for the next round.
	if again := sec.Get(path); !strings.Contains(again.Body, "Abbozz LEG-02") || !strings.Contains(again.Body, `state="final"`) {
		t.Errorf("the export does not carry the imported texts")
	}

	// The question page, in Maltese: the draft criterion is marked and
	// offers the English original; the reviewed one is not marked.
	as := startAPI(t, manager, app.HotlineA.ID)
	web := app.SignIn(servertest.ManagerA)
	web.PostForm("/language", map[string][]string{"lang": {"mt"}, "next": {"/"}})
	draft := web.Get("/assessments/" + as.ID + "/criteria/LEG-02")
	if draft.StatusCode != http.StatusOK || !strings.Contains(draft.Body, "Abbozz LEG-02") || !strings.Contains(draft.Body, `class="banner banner-info translation-draft"`) || !strings.Contains(draft.Body, `<div lang="en">`) {
		t.Errorf("draft criterion page: %d", draft.StatusCode)
	}
	reviewed := web.Get("/assessments/" + as.ID + "/criteria/LEG-01")
	if reviewed.StatusCode != http.StatusOK || strings.Contains(reviewed.Body, "translation-draft") || !strings.Contains(reviewed.Body, "Test MT title") {
		t.Errorf("reviewed criterion page: %d", reviewed.StatusCode)
	}
}

// The framework page lists every language's translation and imports a
// translator's file; a bad file is refused with a message on the page.
func TestTranslationImportPage(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	id := current(t, app.APIClient(servertest.ManagerA), "en").ID
	page := sec.Get("/frameworks/" + id)
	for _, want := range []string{`id="translations"`, `lang="mt"`, "Malti", "/frameworks/" + id + "/translations/mt"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("framework page lacks %q", want)
		}
	}
	file := sec.Get("/frameworks/" + id + "/translations/ga")
	if file.StatusCode != http.StatusOK || !strings.Contains(file.Header.Get("Content-Disposition"), ".ga.xlf") {
		t.Fatalf("download: %d %q", file.StatusCode, file.Header.Get("Content-Disposition"))
	}
	body := translate(t, file.Body, "criterion.LEG-01.title", "translated", "Teideal LEG-01")
	if r := sec.Upload("/frameworks/"+id+"/translations", nil, "ga.xlf", []byte("not xliff")); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "error-summary") {
		t.Errorf("bad file: %d", r.StatusCode)
	}
	r := sec.Upload("/frameworks/"+id+"/translations", nil, "ga.xlf", bytes.NewBufferString(body).Bytes())
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("import from the page: %d", r.StatusCode)
	}
	if page := sec.Get("/frameworks/" + id); !strings.Contains(page.Body, "Gaeilge") || !strings.Contains(page.Body, `class="banner banner-success" role="status"`) {
		t.Errorf("no confirmation after the import")
	}
	if _, status := current(t, app.APIClient(servertest.ManagerA), "ga").criterion("LEG-01"); status != "draft" {
		t.Errorf("LEG-01 in Irish after the page import: %q", status)
	}
}

// Each answer records the language of its narrative: the one given, else
// the manager's; the API shows it and an unknown language is 422.
func TestAnswerLanguage(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	put := func(code string, body map[string]any) *servertest.Response {
		return api.JSON("PUT", "/api/v1/assessments/"+as.ID+"/answers/"+code, body)
	}
	if r := put("LEG-01", map[string]any{"level": "met", "narrative": "Καλημέρα", "version": 0, "language": "el"}); r.StatusCode != http.StatusOK {
		t.Fatalf("save in Greek: %d %s", r.StatusCode, r.Body)
	}
	if r := put("LEG-02", map[string]any{"level": "met", "narrative": "Hello", "version": 0}); r.StatusCode != http.StatusOK {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	if r := put("LEG-03", map[string]any{"level": "met", "narrative": "x", "version": 0, "language": "xx"}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"language"`) {
		t.Fatalf("unknown language: %d %s", r.StatusCode, r.Body)
	}
	var got struct {
		Answers []struct{ Criterion, Language string } `json:"answers"`
	}
	api.Get("/api/v1/assessments/" + as.ID).Decode(&got)
	want := map[string]string{"LEG-01": "el", "LEG-02": messages.MustLoad().Match(app.Users[servertest.ManagerA].Language)}
	for _, a := range got.Answers {
		if w, ok := want[a.Criterion]; ok && a.Language != w {
			t.Errorf("%s: language %q, want %q", a.Criterion, a.Language, w)
		}
	}
}
