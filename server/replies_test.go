package server_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"hotlineportal/server/servertest"
)

// findingsBody is the findings JSON the tests read.
type findingsBody struct {
	Reviewers []string `json:"reviewers"`
	Criteria  []struct {
		Criterion string `json:"criterion"`
		Reviewers []struct {
			Reviewer string `json:"reviewer"`
			Score    *int   `json:"score"`
			Comment  string `json:"comment"`
		} `json:"reviewers"`
	} `json:"criteria"`
	Window struct {
		Shared     bool   `json:"shared"`
		Open       bool   `json:"open"`
		ReplyDueAt string `json:"reply_due_at"`
		Replies    []struct {
			Criterion *string `json:"criterion"`
			Text      string  `json:"text"`
			Final     bool    `json:"final"`
		} `json:"replies"`
	} `json:"window"`
}

// noReviewerIn fails when a body names a fixture reviewer in any way.
func noReviewerIn(t *testing.T, app *servertest.App, body string) {
	t.Helper()
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		u := app.Users[key]
		for _, s := range []string{u.ID, u.Name, u.Email} {
			if strings.Contains(html.UnescapeString(body), s) {
				t.Errorf("%q of %s shown", s, key)
			}
		}
	}
}

// The right of reply through the API: the secretariat shares once, the
// manager reads the findings (reviewers anonymised) and replies, the
// decision waits until the final reply.
func TestRightOfReplyThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 3, map[string]int{"GOV-01": 2})
	sec, mgr := app.APIClient(servertest.Secretariat), app.APIClient(servertest.ManagerA)
	base := "/api/v1/assessments/" + id
	decision := map[string]any{"outcome": "accredited", "rationale": "Every criterion met.", "departure_reason": "Replies heard."}
	steps := []struct {
		name   string
		c      *servertest.Client
		method string
		path   string
		body   any
		status int
		has    string
	}{
		{"the manager before the share", mgr, "GET", "/findings", nil, 404, ""},
		{"the manager cannot share", mgr, "POST", "/findings", nil, 403, ""},
		{"a reply before the share", mgr, "POST", "/replies", map[string]any{"text": "x"}, 409, "not shared"},
		{"the secretariat shares", sec, "POST", "/findings", nil, 201, `"reply_due_at"`},
		{"a second share", sec, "POST", "/findings", nil, 409, "already been shared"},
		{"another hotline's manager", app.APIClient(servertest.ManagerB), "GET", "/findings", nil, 404, ""},
		{"a reviewer", app.APIClient(servertest.Reviewer1), "GET", "/findings", nil, 403, ""},
		{"an unknown criterion", mgr, "POST", "/replies", map[string]any{"criterion": "XYZ-99", "text": "x"}, 422, `"criterion"`},
		{"no text", mgr, "POST", "/replies", map[string]any{"criterion": "LEG-01", "text": " "}, 422, `"text"`},
		{"a reply on a criterion", mgr, "POST", "/replies", map[string]any{"criterion": "LEG-01", "text": "Renewed in May.", "final": false}, 201, `"criterion":"LEG-01"`},
		{"the decision waits", sec, "POST", "/decision", decision, 409, "still open"},
		{"the final reply, overall", mgr, "POST", "/replies", map[string]any{"criterion": nil, "text": "That is all.", "final": true}, 201, `"criterion":null`},
		{"a reply after the final one", mgr, "POST", "/replies", map[string]any{"text": "One more."}, 409, "closed"},
		{"the decision", sec, "POST", "/decision", decision, 201, `"outcome":"accredited"`},
	}
	for _, st := range steps {
		r := st.c.JSON(st.method, base+st.path, st.body)
		if r.StatusCode != st.status || !strings.Contains(html.UnescapeString(r.Body), st.has) {
			t.Fatalf("%s: %d, want %d with %s\n%s", st.name, r.StatusCode, st.status, st.has, r.Body)
		}
	}
	r := mgr.Get(base + "/findings")
	if r.StatusCode != 200 {
		t.Fatalf("findings: %d %s", r.StatusCode, r.Body)
	}
	noReviewerIn(t, app, r.Body)
	var f findingsBody
	r.Decode(&f)
	if strings.Join(f.Reviewers, ",") != "Reviewer A,Reviewer B" || f.Window.Open || !f.Window.Shared || len(f.Window.Replies) != 2 {
		t.Fatalf("findings %+v", f)
	}
	for _, c := range f.Criteria {
		if c.Criterion == "GOV-01" && (len(c.Reviewers) != 2 || *c.Reviewers[0].Score != 2 || c.Reviewers[1].Reviewer != "Reviewer B") {
			t.Fatalf("GOV-01 %+v", c)
		}
	}
	if last := f.Window.Replies[1]; last.Criterion != nil || !last.Final {
		t.Fatalf("final reply %+v", last)
	}
}

// The window closes when its time is up: no more replies, and the
// decision can be taken.
func TestReplyWindowTimeUp(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 4, nil)
	sec, mgr := app.APIClient(servertest.Secretariat), app.APIClient(servertest.ManagerA)
	base := "/api/v1/assessments/" + id
	if r := sec.JSON("POST", base+"/findings", nil); r.StatusCode != 201 {
		t.Fatalf("share: %d %s", r.StatusCode, r.Body)
	}
	app.Clock.Advance(15 * 24 * time.Hour)
	// The tokens have expired meanwhile.
	sec, mgr = app.APIClient(servertest.Secretariat), app.APIClient(servertest.ManagerA)
	if r := mgr.JSON("POST", base+"/replies", map[string]any{"text": "Late."}); r.StatusCode != 409 {
		t.Fatalf("late reply: %d %s", r.StatusCode, r.Body)
	}
	if r := sec.JSON("POST", base+"/decision", map[string]any{"outcome": "accredited", "rationale": "x"}); r.StatusCode != 201 {
		t.Fatalf("decision: %d %s", r.StatusCode, r.Body)
	}
}

// pageHas fails unless a page answers status and shows every text.
func pageHas(t *testing.T, r *servertest.Response, status int, texts ...string) {
	t.Helper()
	body := html.UnescapeString(r.Body)
	if r.StatusCode != status {
		t.Fatalf("status %d, want %d\n%.2000s", r.StatusCode, status, body)
	}
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

// The right of reply through the pages: share from the consolidation,
// the decision page waits, the manager finds the findings from the
// assessment, replies with mistakes corrected and a final reply, and the
// secretariat sees the replies and decides.
func TestRightOfReplyThroughThePages(t *testing.T) {
	app := servertest.New(t)
	id := reviewed(t, app, 3, nil)
	sec, mgr := app.SignIn(servertest.Secretariat), app.SignIn(servertest.ManagerA)
	base := "/assessments/" + id

	pageHas(t, sec.Get(base+"/consolidation"), 200, "Share findings with the hotline", "Replies accepted until, if shared now")
	pageHas(t, mgr.Get(base+"/findings"), 200, "has not shared the findings")
	if r := sec.PostForm(base+"/findings", nil); r.StatusCode != 303 || r.Header.Get("Location") != base+"/consolidation#reply-heading" {
		t.Fatalf("share: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	pageHas(t, sec.Get(base+"/consolidation"), 200, "The findings are shared", "Replies accepted until", "No reply yet.")
	pageHas(t, sec.Get(base+"/decision"), 200, "the decision waits until")
	decide := url.Values{"outcome": {"accredited"}, "rationale": {"Solid service throughout."}}
	pageHas(t, sec.PostForm(base+"/decision", decide), 409, "There is a problem", "reply window is still open", "Solid service throughout.")

	pageHas(t, mgr.Get(base), 200, base+"/findings")
	r := mgr.Get(base + "/findings")
	pageHas(t, r, 200, "Reviewer A", "Reviewer B", "Your reply on LEG-01", `id="text-LEG-01"`, "This is my final reply", "closes the reply window")
	noReviewerIn(t, app, r.Body)
	pageHas(t, mgr.PostForm(base+"/replies", url.Values{"criterion": {"LEG-01"}, "text": {"  "}}), 422, "Error:", "Enter your reply", `href="#text-LEG-01"`)
	reply := url.Values{"criterion": {"LEG-01"}, "text": {"The licence was renewed in May."}}
	if r := mgr.PostForm(base+"/replies", reply); r.StatusCode != 303 || r.Header.Get("Location") != base+"/findings#c-LEG-01" {
		t.Fatalf("reply: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	pageHas(t, mgr.Get(base+"/findings"), 200, "Your reply has been sent", "The licence was renewed in May.")
	final := url.Values{"criterion": {""}, "text": {"Nothing to add."}, "final": {"yes"}}
	if r := mgr.PostForm(base+"/replies", final); r.StatusCode != 303 {
		t.Fatalf("final reply: %d %s", r.StatusCode, r.Body)
	}
	r = mgr.Get(base + "/findings")
	pageHas(t, r, 200, "Your final reply has been sent", "Closed by the hotline's final reply")
	if strings.Contains(r.Body, "<textarea") {
		t.Error("reply forms shown after the window closed")
	}
	pageHas(t, mgr.PostForm(base+"/replies", url.Values{"text": {"Too late, kept."}}), 409, "The reply window has closed", "Too late, kept.")

	pageHas(t, sec.Get(base+"/consolidation"), 200, "The licence was renewed in May.", "Nothing to add.", "Final reply")
	pageHas(t, sec.Get(base+"/findings"), 200, "This is the page the hotline sees", "Nothing to add.")
	r = sec.Get(base + "/decision")
	pageHas(t, r, 200, "The licence was renewed in May.")
	if strings.Contains(r.Body, "the decision waits until") {
		t.Error("the decision page still waits")
	}
	if r := sec.PostForm(base+"/decision", decide); r.StatusCode != 303 {
		t.Fatalf("decide: %d %.500s", r.StatusCode, r.Body)
	}
}
