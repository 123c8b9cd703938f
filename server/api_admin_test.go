package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// adminCase is one call of the admin API and the status it must answer,
// with what else the body must hold.
type adminCase struct {
	name, who, method, path string
	body                    any
	want                    int
	contains                []string
}

// runAdminCases makes each call as its fixture user ("" anonymous) and
// checks status and body, in order (later cases see earlier changes).
func runAdminCases(t *testing.T, app *servertest.App, cases []adminCase) {
	t.Helper()
	clients := map[string]*servertest.Client{"": app.Client()}
	for _, tc := range cases {
		c, ok := clients[tc.who]
		if !ok {
			c = app.APIClient(tc.who)
			clients[tc.who] = c
		}
		t.Run(tc.name, func(t *testing.T) {
			r := c.JSON(tc.method, tc.path, tc.body)
			if r.StatusCode != tc.want {
				t.Fatalf("%s %s as %q: %d, want %d\n%.600s", tc.method, tc.path, tc.who, r.StatusCode, tc.want, r.Body)
			}
			for _, s := range tc.contains {
				if !strings.Contains(r.Body, s) {
					t.Errorf("body lacks %q: %.600s", s, r.Body)
				}
			}
		})
	}
}

// sendFramework posts a framework file as the body, of the given type.
func sendFramework(c *servertest.Client, contentType string, source []byte) *servertest.Response {
	req, _ := http.NewRequest("POST", c.App.URL+"/api/v1/frameworks", bytes.NewReader(source))
	req.Header.Set("Content-Type", contentType)
	return c.Do(req)
}

// revisedFramework is the default framework as a new version, with one
// criterion's English title changed.
func revisedFramework(t *testing.T, version string) []byte {
	t.Helper()
	f, _ := framework.Default()
	cr, _ := f.Criterion("CHT-05")
	src := strings.Replace(string(framework.DefaultYAML()), `version: "2026.1"`, `version: "`+version+`"`, 1)
	return []byte(strings.Replace(src, cr.Title["en"], cr.Title["en"]+" within five minutes", 1))
}

type frameworkOut struct {
	ID, Version, Status string
	Current             bool
}

func TestAdminAPIFrameworks(t *testing.T) {
	app := servertest.New(t)
	sec := app.APIClient(servertest.Secretariat)
	var current frameworkOut
	var list struct {
		Items []frameworkOut
		Total int
	}
	sec.JSON("GET", "/api/v1/frameworks", nil).Decode(&list)
	if list.Total != 1 || list.Items[0].Status != "published" || !list.Items[0].Current {
		t.Fatalf("list: %+v", list)
	}
	current = list.Items[0]

	// Import: the YAML as the body, and as the import page's file.
	r := sendFramework(sec, "application/yaml", revisedFramework(t, "2027.1"))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("import: %d %s", r.StatusCode, r.Body)
	}
	var draft frameworkOut
	r.Decode(&draft)
	if draft.Status != "draft" || draft.Current || draft.Version != "2027.1" || !strings.Contains(r.Body, `"sections":[{`) {
		t.Fatalf("draft: %.300s", r.Body)
	}
	up := sec.Upload("/api/v1/frameworks", nil, "mce-2027.2.yaml", revisedFramework(t, "2027.2"))
	if up.StatusCode != http.StatusCreated || !strings.Contains(up.Body, `"version":"2027.2"`) {
		t.Fatalf("import as a file: %d %.300s", up.StatusCode, up.Body)
	}
	unknownField := strings.Replace(string(revisedFramework(t, "2027.3")), `version: "2027.3"`, "version: \"2027.3\"\ncolour: blue", 1)
	badChannel := strings.Replace(string(revisedFramework(t, "2027.4")), "channels: [chat]", "channels: [pigeon]", 1)
	for _, tc := range []struct {
		name, contentType string
		source            []byte
		want              int
		contains          []string
	}{
		{"unknown field", "text/yaml", []byte(unknownField), 422, []string{`"problems":[{"line":`, "colour", `"fields":{"file":`}},
		{"bad channel", "application/yaml", []byte(badChannel), 422, []string{`"problems":[{"line":`, "pigeon"}},
		{"not YAML", "text/plain", []byte("{{{"), 422, []string{`"problems":[{"line":`}},
		{"empty", "application/yaml", nil, 422, []string{"validation_failed"}},
		{"version imported already", "application/yaml", revisedFramework(t, "2027.1"), 422, []string{`"file":"This version number already exists`}},
		{"too large", "application/yaml", bytes.Repeat([]byte("#"), framework.MaxFileSize+10), 422, []string{`"file":`}},
		{"JSON wrapper", "application/json", []byte(`{"source":"code: x"}`), 415, []string{"unsupported_type"}},
		{"no file in the form", "multipart/form-data; boundary=x", []byte("--x--\r\n"), 422, []string{`"file"`}},
	} {
		t.Run("import "+tc.name, func(t *testing.T) {
			r := sendFramework(sec, tc.contentType, tc.source)
			if r.StatusCode != tc.want {
				t.Fatalf("%d, want %d: %.400s", r.StatusCode, tc.want, r.Body)
			}
			for _, s := range tc.contains {
				if !strings.Contains(r.Body, s) {
					t.Errorf("body lacks %q: %.400s", s, r.Body)
				}
			}
		})
	}
	if app.AuditCount("framework.import") != 2 {
		t.Errorf("imports audited: %d", app.AuditCount("framework.import"))
	}

	missing := models.NewID()
	runAdminCases(t, app, []adminCase{
		{"list as manager", servertest.ManagerA, "GET", "/api/v1/frameworks", nil, 403, []string{"forbidden"}},
		{"list as reviewer", servertest.Reviewer1, "GET", "/api/v1/frameworks", nil, 403, nil},
		{"list anonymous", "", "GET", "/api/v1/frameworks", nil, 401, nil},
		{"import as manager", servertest.ManagerA, "POST", "/api/v1/frameworks", map[string]string{"source": "x"}, 403, nil},
		{"show draft", servertest.Secretariat, "GET", "/api/v1/frameworks/" + draft.ID, nil, 200, []string{`"status":"draft"`, "within five minutes", `"rules":{"pass_score":`}},
		{"show unknown", servertest.Secretariat, "GET", "/api/v1/frameworks/" + missing, nil, 404, nil},
		{"show malformed id", servertest.Secretariat, "GET", "/api/v1/frameworks/12", nil, 404, nil},
		{"show as manager", servertest.ManagerA, "GET", "/api/v1/frameworks/" + draft.ID, nil, 403, nil},
		{"current still for everyone", servertest.ManagerA, "GET", "/api/v1/frameworks/current", nil, 200, []string{`"version":"2026.1"`}},
		{"diff of the draft", servertest.Secretariat, "GET", "/api/v1/frameworks/" + draft.ID + "/diff", nil, 200, []string{
			`"against":{"id":"` + current.ID, `"empty":false`, `"added":[]`, `"removed":[]`, `"changed":[{"code":"CHT-05","fields":["title.en"]`, `"scale_changed":false`,
		}},
		{"diff of the current", servertest.Secretariat, "GET", "/api/v1/frameworks/" + current.ID + "/diff", nil, 200, []string{`"against":null`, `"empty":true`, `"changed":[]`}},
		{"diff unknown", servertest.Secretariat, "GET", "/api/v1/frameworks/" + missing + "/diff", nil, 404, nil},
		{"diff as reviewer", servertest.Reviewer1, "GET", "/api/v1/frameworks/" + draft.ID + "/diff", nil, 403, nil},
		{"publish as manager", servertest.ManagerA, "POST", "/api/v1/frameworks/" + draft.ID + "/publish", nil, 403, nil},
		{"publish the current", servertest.Secretariat, "POST", "/api/v1/frameworks/" + current.ID + "/publish", nil, 409, []string{"already published"}},
		{"publish unknown", servertest.Secretariat, "POST", "/api/v1/frameworks/" + missing + "/publish", nil, 404, nil},
		{"publish the draft", servertest.Secretariat, "POST", "/api/v1/frameworks/" + draft.ID + "/publish", nil, 200, []string{`"status":"published"`, `"current":true`}},
		{"publish it again", servertest.Secretariat, "POST", "/api/v1/frameworks/" + draft.ID + "/publish", nil, 409, []string{`"code":"conflict"`}},
		{"publish the retired", servertest.Secretariat, "POST", "/api/v1/frameworks/" + current.ID + "/publish", nil, 409, nil},
		{"the old version is retired", servertest.Secretariat, "GET", "/api/v1/frameworks/" + current.ID, nil, 200, []string{`"status":"retired"`, `"current":false`}},
		{"the published version has nothing to diff", servertest.Secretariat, "GET", "/api/v1/frameworks/" + draft.ID + "/diff", nil, 200, []string{`"empty":true`}},
		{"new assessments start on it", servertest.ManagerB, "GET", "/api/v1/frameworks/current", nil, 200, []string{`"version":"2027.1"`}},
	})
	sec.JSON("GET", "/api/v1/frameworks", nil).Decode(&list)
	statuses := map[string]string{}
	for _, it := range list.Items {
		statuses[it.Version] = it.Status
	}
	if list.Total != 3 || statuses["2026.1"] != "retired" || statuses["2027.1"] != "published" || statuses["2027.2"] != "draft" || list.Items[0].Version != "2027.2" {
		t.Errorf("list after publishing: %+v", list)
	}
}

func TestAdminAPICertificates(t *testing.T) {
	app := servertest.New(t)
	decided := app.SeedDecidedHotlines(2, func(int) int { return 4 })
	list := func(who, query string) (int, map[string]any) {
		r := app.APIClient(who).JSON("GET", "/api/v1/certificates"+query, nil)
		var out map[string]any
		if r.StatusCode == 200 {
			r.Decode(&out)
		}
		return r.StatusCode, out
	}
	hotlinesOf := func(body map[string]any) []string {
		var ids []string
		for _, it := range body["items"].([]any) {
			m := it.(map[string]any)
			if m["status"] != "valid" || m["number"] == "" {
				t.Errorf("certificate: %v", m)
			}
			ids = append(ids, m["hotline_id"].(string))
		}
		return ids
	}
	status, all := list(servertest.Secretariat, "")
	if status != 200 || all["total"].(float64) != 2 || all["page"].(float64) != 1 {
		t.Fatalf("secretariat: %d %v", status, all)
	}
	if ids := hotlinesOf(all); len(ids) != 2 || ids[0] != decided[1].Hotline {
		t.Errorf("secretariat sees %v, want newest first %s, %s", ids, decided[1].Hotline, decided[0].Hotline)
	}
	status, mine := list(decided[0].Manager, "")
	if ids := hotlinesOf(mine); status != 200 || len(ids) != 1 || ids[0] != decided[0].Hotline || mine["total"].(float64) != 1 {
		t.Errorf("manager sees %d %v", status, mine)
	}
	if status, none := list(servertest.ManagerA, ""); status != 200 || len(none["items"].([]any)) != 0 || none["total"].(float64) != 0 {
		t.Errorf("manager without certificates: %d %v", status, none)
	}
	if status, past := list(servertest.Secretariat, "?page=2"); status != 200 || len(past["items"].([]any)) != 0 || past["total"].(float64) != 2 {
		t.Errorf("page 2: %d %v", status, past)
	}
	runAdminCases(t, app, []adminCase{
		{"reviewer", servertest.Reviewer1, "GET", "/api/v1/certificates", nil, 403, nil},
		{"anonymous", "", "GET", "/api/v1/certificates", nil, 401, nil},
		{"page not a number", servertest.Secretariat, "GET", "/api/v1/certificates?page=two", nil, 400, nil},
		{"one still has its dossier", servertest.Secretariat, "GET", "/api/v1/certificates/" + all["items"].([]any)[0].(map[string]any)["number"].(string), nil, 200, []string{`"dossier_sha256":"`}},
	})
}

func TestAdminAPIUsers(t *testing.T) {
	app := servertest.New(t)
	rev := app.Users[servertest.Reviewer1]
	rev2 := app.Users[servertest.Reviewer2]
	base := map[string]any{"email": rev.Email, "name": "Rita Reviewer-Renamed", "role": "reviewer", "country": "LT", "language": "fr", "languages": []string{"lt", "en"}}
	with := func(changes map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	me := app.Users[servertest.Secretariat]
	path := "/api/v1/users/" + rev.ID
	missing := "/api/v1/users/" + models.NewID()
	runAdminCases(t, app, []adminCase{
		{"update", servertest.Secretariat, "PUT", path, with(map[string]any{"version": rev.Version}), 200, []string{`"name":"Rita Reviewer-Renamed"`, `"version":2`}},
		{"update with a stale version", servertest.Secretariat, "PUT", path, with(map[string]any{"version": rev.Version, "name": "Lost"}), 409, []string{
			`"code":"stale_version"`, `"current":{`, `"name":"Rita Reviewer-Renamed"`, `"version":2`}},
		{"update without a version", servertest.Secretariat, "PUT", path, base, 422, []string{`"version":`}},
		{"update a reviewer without a country", servertest.Secretariat, "PUT", path, with(map[string]any{"version": 2, "country": ""}), 422, []string{`"country":`}},
		{"update to a manager without a hotline", servertest.Secretariat, "PUT", path, with(map[string]any{"version": 2, "role": "manager"}), 422, []string{`"hotline_id":`}},
		{"update with a bad email", servertest.Secretariat, "PUT", path, with(map[string]any{"version": 2, "email": "not-an-address"}), 422, []string{`"email":`}},
		{"update to a taken email", servertest.Secretariat, "PUT", path, with(map[string]any{"version": 2, "email": rev2.Email}), 422, []string{`"email":`}},
		{"update with an unknown role", servertest.Secretariat, "PUT", path, with(map[string]any{"version": 2, "role": "king"}), 422, []string{`"role":`}},
		{"update, malformed JSON", servertest.Secretariat, "PUT", path, "not an object", 400, nil},
		{"update unknown", servertest.Secretariat, "PUT", missing, with(map[string]any{"version": 1}), 404, nil},
		{"update as manager", servertest.ManagerA, "PUT", path, with(map[string]any{"version": 2}), 403, nil},
		{"take the role from the last secretariat", servertest.Secretariat, "PUT", "/api/v1/users/" + me.ID, map[string]any{
			"email": me.Email, "name": me.Name, "role": "reviewer", "country": "BE", "version": me.Version}, 409, []string{"last active secretariat account"}},
		{"a second secretariat", servertest.Secretariat, "POST", "/api/v1/users", map[string]any{"email": "second.sec@test.example", "name": "Second", "role": "secretariat"}, 201, nil},
		{"disable oneself", servertest.Secretariat, "POST", "/api/v1/users/" + app.Users[servertest.Secretariat].ID + "/disable", nil, 409, []string{"cannot disable your own account"}},
		{"disable as manager", servertest.ManagerA, "POST", "/api/v1/users/" + rev2.ID + "/disable", nil, 403, nil},
		{"disable unknown", servertest.Secretariat, "POST", missing + "/disable", nil, 404, nil},
		{"reviewer2 signed in", servertest.Reviewer2, "GET", "/api/v1/me", nil, 200, nil},
		{"disable", servertest.Secretariat, "POST", "/api/v1/users/" + rev2.ID + "/disable", nil, 200, []string{`"disabled":true`}},
		{"the disabled account's token ends", servertest.Reviewer2, "GET", "/api/v1/me", nil, 401, nil},
		{"invite a disabled account", servertest.Secretariat, "POST", "/api/v1/users/" + rev2.ID + "/invite", nil, 409, []string{"disabled"}},
		{"enable", servertest.Secretariat, "POST", "/api/v1/users/" + rev2.ID + "/enable", nil, 200, []string{`"disabled":false`}},
		{"enable as reviewer", servertest.Reviewer1, "POST", "/api/v1/users/" + rev2.ID + "/enable", nil, 403, nil},
		{"enable unknown", servertest.Secretariat, "POST", missing + "/enable", nil, 404, nil},
		{"invite", servertest.Secretariat, "POST", "/api/v1/users/" + rev2.ID + "/invite", nil, 202, []string{`"id":"` + rev2.ID}},
		{"invite unknown", servertest.Secretariat, "POST", missing + "/invite", nil, 404, nil},
		{"invite as manager", servertest.ManagerA, "POST", "/api/v1/users/" + rev2.ID + "/invite", nil, 403, nil},
	})
	var second models.User
	if err := app.DB.Where("email = ?", "second.sec@test.example").Take(&second).Error; err != nil {
		t.Fatal(err)
	}
	runAdminCases(t, app, []adminCase{
		{"take the role from one of two", servertest.Secretariat, "PUT", "/api/v1/users/" + second.ID, map[string]any{
			"email": second.Email, "name": "Second", "role": "reviewer", "country": "BE", "version": second.Version}, 200, []string{`"role":"reviewer"`}},
	})
	if mails := app.Outbox(rev2.Email); len(mails) != 1 || servertest.LinkIn(mails[0].Body) == "" {
		t.Errorf("invitation mails: %d", len(mails))
	}
	if app.AuditCount("user.update") != 2 || app.AuditCount("user.disable") != 1 || app.AuditCount("user.enable") != 1 || app.AuditCount("user.invite") != 1 {
		t.Error("user actions not audited once each")
	}

	// An erased account is refused every change.
	_, err := app.Svc.EraseUser(context.Background(), app.Actor(servertest.Secretariat), rev2.ID, assessments.EraseInput{Reason: "Asked for erasure by email."})
	if err != nil {
		t.Fatal(err)
	}
	erased := "/api/v1/users/" + rev2.ID
	runAdminCases(t, app, []adminCase{
		{"update an erased account", servertest.Secretariat, "PUT", erased, with(map[string]any{"version": 5, "email": "x@test.example"}), 409, nil},
		{"disable an erased account", servertest.Secretariat, "POST", erased + "/disable", nil, 409, nil},
		{"enable an erased account", servertest.Secretariat, "POST", erased + "/enable", nil, 409, nil},
		{"invite an erased account", servertest.Secretariat, "POST", erased + "/invite", nil, 409, nil},
	})
}

func TestAdminAPIHotlines(t *testing.T) {
	app := servertest.New(t)
	path := "/api/v1/hotlines/" + app.HotlineB.ID
	runAdminCases(t, app, []adminCase{
		{"disable as its manager", servertest.ManagerB, "POST", path + "/disable", nil, 403, nil},
		{"disable as reviewer", servertest.Reviewer1, "POST", path + "/disable", nil, 403, nil},
		{"disable anonymous", "", "POST", path + "/disable", nil, 401, nil},
		{"disable unknown", servertest.Secretariat, "POST", "/api/v1/hotlines/" + models.NewID() + "/disable", nil, 404, nil},
		{"disable", servertest.Secretariat, "POST", path + "/disable", nil, 200, []string{`"disabled":true`, `"id":"` + app.HotlineB.ID}},
		{"shown disabled", servertest.Secretariat, "GET", path, nil, 200, []string{`"disabled":true`}},
		{"enable", servertest.Secretariat, "POST", path + "/enable", nil, 200, []string{`"disabled":false`}},
		{"enable as manager", servertest.ManagerB, "POST", path + "/enable", nil, 403, nil},
		{"enable unknown", servertest.Secretariat, "POST", "/api/v1/hotlines/x/enable", nil, 404, nil},
	})
	if app.AuditCount("hotline.disable") != 1 || app.AuditCount("hotline.enable") != 1 {
		t.Error("hotline actions not audited")
	}
}

// auditPage is one page of GET /api/v1/audit.
type auditPage struct {
	Items []struct {
		ID       string    `json:"id"`
		Action   string    `json:"action"`
		ActorID  string    `json:"actor_id"`
		ObjectID string    `json:"object_id"`
		At       time.Time `json:"at"`
	} `json:"items"`
	Total   int64 `json:"total"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
}

func TestAdminAPIAudit(t *testing.T) {
	app := servertest.New(t)
	sec := app.APIClient(servertest.Secretariat)
	rev := app.Users[servertest.Reviewer2]
	for _, p := range []string{"/disable", "/enable", "/invite"} {
		if r := sec.JSON("POST", "/api/v1/users/"+rev.ID+p, nil); r.StatusCode >= 300 {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
	}
	get := func(query string) auditPage {
		t.Helper()
		r := sec.JSON("GET", "/api/v1/audit"+query, nil)
		if r.StatusCode != 200 {
			t.Fatalf("audit%s: %d %s", query, r.StatusCode, r.Body)
		}
		var p auditPage
		r.Decode(&p)
		return p
	}
	all := get("")
	if all.Total < 10 || all.Page != 1 || all.PerPage != 50 || len(all.Items) != int(min(all.Total, 50)) {
		t.Fatalf("default page: total %d page %d per_page %d items %d", all.Total, all.Page, all.PerPage, len(all.Items))
	}
	for i := 1; i < len(all.Items); i++ {
		if all.Items[i].At.After(all.Items[i-1].At) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if all.Items[0].Action != "user.invite" {
		t.Errorf("newest is %s", all.Items[0].Action)
	}
	p1, p2 := get("?per_page=2"), get("?per_page=2&page=2")
	if len(p1.Items) != 2 || len(p2.Items) != 2 || p1.Total != all.Total || p2.Page != 2 || p1.Items[1].ID == p2.Items[0].ID || p2.Items[0].ID != all.Items[2].ID {
		t.Errorf("pages of 2: %+v / %+v", p1, p2)
	}
	if past := get("?page=1000"); len(past.Items) != 0 || past.Total != all.Total {
		t.Errorf("past the end: %+v", past)
	}
	users := get("?action=user.")
	if users.Total < 3 {
		t.Errorf("user actions: %d", users.Total)
	}
	for _, it := range users.Items {
		if !strings.HasPrefix(it.Action, "user.") {
			t.Errorf("action filter let %s through", it.Action)
		}
	}
	if n := get("?action=user.disable").Total; n != 1 {
		t.Errorf("user.disable: %d", n)
	}
	about := get("?object=" + rev.ID)
	if about.Total < 4 { // created, disabled, enabled, invited
		t.Errorf("about the reviewer: %d", about.Total)
	}
	for _, it := range about.Items {
		if it.ObjectID != rev.ID && it.ActorID != rev.ID {
			t.Errorf("object filter let %+v through", it)
		}
	}
	if n := get("?object=" + models.NewID()).Total; n != 0 {
		t.Errorf("unknown object: %d", n)
	}
	if n := get("?action=%25_nothing").Total; n != 0 {
		t.Errorf("wildcards are literal: %d", n)
	}
	runAdminCases(t, app, []adminCase{
		{"per_page over the maximum", servertest.Secretariat, "GET", "/api/v1/audit?per_page=101", nil, 422, []string{`"per_page":"Give a number of entries per page from 1 to 100."`}},
		{"per_page negative", servertest.Secretariat, "GET", "/api/v1/audit?per_page=-1", nil, 422, []string{`"per_page":`}},
		{"page negative", servertest.Secretariat, "GET", "/api/v1/audit?page=-3", nil, 422, []string{`"page":`}},
		{"page not a number", servertest.Secretariat, "GET", "/api/v1/audit?page=one", nil, 400, nil},
		{"per_page not a number", servertest.Secretariat, "GET", "/api/v1/audit?per_page=lots", nil, 400, nil},
		{"as manager", servertest.ManagerA, "GET", "/api/v1/audit", nil, 403, nil},
		{"as reviewer", servertest.Reviewer1, "GET", "/api/v1/audit", nil, 403, nil},
		{"anonymous", "", "GET", "/api/v1/audit", nil, 401, nil},
	})
}

// adminAccessRows are the secretariat's API routes of issue 17 in the
// access matrix.
func adminAccessRows() []routeCase {
	apiSec := want{401, 200, 403, 403, 403}
	return []routeCase{
		{method: "GET", route: "/api/v1/frameworks", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/frameworks", api: true, json: map[string]any{}, want: want{401, 415, 403, 403, 403}},
		{method: "GET", route: "/api/v1/frameworks/:id", path: "/api/v1/frameworks/{F}", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/frameworks/:id/diff", path: "/api/v1/frameworks/{F}/diff", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/frameworks/:id/publish", path: "/api/v1/frameworks/{F}/publish", api: true, want: want{401, 409, 403, 403, 403}},
		{method: "GET", route: "/api/v1/certificates", api: true, want: want{401, 200, 200, 200, 403}},
		{method: "PUT", route: "/api/v1/users/:id", path: "/api/v1/users/{U}", api: true, json: map[string]any{}, want: want{401, 422, 403, 403, 403}},
		{method: "POST", route: "/api/v1/users/:id/disable", path: "/api/v1/users/{U}/disable", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/users/:id/enable", path: "/api/v1/users/{U}/enable", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/users/:id/invite", path: "/api/v1/users/{U}/invite", api: true, want: want{401, 202, 403, 403, 403}},
		{method: "POST", route: "/api/v1/hotlines/:id/disable", path: "/api/v1/hotlines/{C}/disable", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/hotlines/:id/enable", path: "/api/v1/hotlines/{C}/enable", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/audit", api: true, want: apiSec},
	}
}
