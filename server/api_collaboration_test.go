package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

// apiStep is one request of a table-driven API scenario: who sends what,
// the status expected and a fragment the body must hold.
type apiStep struct {
	name   string
	c      *servertest.Client
	method string
	path   string
	body   any
	status int
	has    string
}

// runSteps sends each step in order and checks its status and body.
func runSteps(t *testing.T, steps []apiStep) {
	t.Helper()
	for _, s := range steps {
		r := s.c.JSON(s.method, s.path, s.body)
		if r.StatusCode != s.status || !strings.Contains(r.Body, s.has) {
			t.Errorf("%s: %s %s = %d, want %d with %q\n%.400s", s.name, s.method, s.path, r.StatusCode, s.status, s.has, r.Body)
		}
	}
}

// getJSON reads one API answer that must be 200 into v, and returns its
// body.
func getJSON(t *testing.T, c *servertest.Client, path string, v any) string {
	t.Helper()
	r := c.JSON("GET", path, nil)
	if r.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.Body)
	}
	r.Decode(v)
	return r.Body
}

// suggestionsBody is the reviewers page as JSON, as the tests read it.
type suggestionsBody struct {
	Status string `json:"status"`
	Items  []struct {
		UserID   string `json:"user_id"`
		Assigned bool   `json:"assigned"`
		Eligible bool   `json:"eligible"`
		Override bool   `json:"override_required"`
		Conflict *struct {
			Kind   string `json:"kind"`
			Detail string `json:"detail"`
		} `json:"conflict"`
		Reasons []string `json:"reasons"`
	} `json:"items"`
	Assignments []struct {
		UserID string `json:"user_id"`
		DueAt  string `json:"due_at"`
	} `json:"assignments"`
}

// The secretariat reads the reviewers page as JSON: conflict-free
// reviewers first, a declared conflict and a same-country one with their
// reasons, and after an assignment the assigned reviewer last and in the
// assignments. Other roles are refused; an unknown assessment is 404.
func TestReviewerSuggestionsThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	greek, err := app.Svc.CreateUserWithPassword(context.Background(), servertest.SystemActor(), assessments.UserInput{
		Email: "greek.reviewer@test.example", Name: "Γιώργος Reviewer", Role: "reviewer", Country: "GR"}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	id := submitted(t, app)
	sec, r1 := app.APIClient(servertest.Secretariat), app.APIClient(servertest.Reviewer1)
	runSteps(t, []apiStep{
		{"reviewer 1 declares a conflict", r1, "POST", "/api/v1/me/conflicts", map[string]any{"hotline_id": app.HotlineA.ID, "reason": "My sister works there."}, 201, ""},
		{"a manager", app.APIClient(servertest.ManagerA), "GET", "/api/v1/assessments/" + id + "/reviewers", nil, 403, ""},
		{"a reviewer", r1, "GET", "/api/v1/assessments/" + id + "/reviewers", nil, 403, ""},
		{"nobody", app.Client(), "GET", "/api/v1/assessments/" + id + "/reviewers", nil, 401, ""},
		{"an unknown assessment", sec, "GET", "/api/v1/assessments/00000000-0000-7000-8000-000000000000/reviewers", nil, 404, ""},
	})
	var got suggestionsBody
	read := func() {
		got = suggestionsBody{}
		getJSON(t, sec, "/api/v1/assessments/"+id+"/reviewers", &got)
	}
	read()
	r2 := app.Users[servertest.Reviewer2].ID
	if len(got.Items) != 3 || got.Items[0].UserID != r2 || got.Items[0].Conflict != nil || !got.Items[0].Eligible || len(got.Assignments) != 0 {
		t.Fatalf("before assignment: %+v", got)
	}
	conflicts := map[string]string{}
	for _, it := range got.Items[1:] {
		if it.Conflict == nil || !it.Override || !it.Eligible {
			t.Fatalf("a conflicted reviewer: %+v", it)
		}
		conflicts[it.UserID] = it.Conflict.Kind + ":" + it.Conflict.Detail + ":" + strings.Join(it.Reasons, ",")
	}
	if c := conflicts[app.Users[servertest.Reviewer1].ID]; !strings.HasPrefix(c, "declared:My sister works there.:declared_conflict") {
		t.Errorf("declared conflict: %q", c)
	}
	if c := conflicts[greek.ID]; !strings.HasPrefix(c, "same_country:GR:same_country_conflict") {
		t.Errorf("same-country conflict: %q", c)
	}
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": r2}); r.StatusCode != 201 {
		t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
	}
	read()
	last := got.Items[len(got.Items)-1]
	if got.Status != "in_review" || last.UserID != r2 || !last.Assigned || last.Eligible || last.Reasons[0] != "assigned" {
		t.Errorf("after assignment: %+v", got)
	}
	if len(got.Assignments) != 1 || got.Assignments[0].UserID != r2 || got.Assignments[0].DueAt == "" {
		t.Errorf("assignments: %+v", got.Assignments)
	}
}

// A reviewer declares, lists and withdraws their own conflicts of
// interest through the API, with the account page's rules.
func TestConflictDeclarationsThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	r1, r2 := app.APIClient(servertest.Reviewer1), app.APIClient(servertest.Reviewer2)
	const path = "/api/v1/me/conflicts"
	declare := map[string]any{"hotline_id": app.HotlineA.ID, "reason": "I trained their volunteers."}
	r := r1.JSON("POST", path, declare)
	if r.StatusCode != 201 {
		t.Fatalf("declare: %d %s", r.StatusCode, r.Body)
	}
	var made struct{ ID, Hotline string }
	r.Decode(&made)
	if made.ID == "" || made.Hotline != app.HotlineA.Name {
		t.Fatalf("declared: %s", r.Body)
	}
	runSteps(t, []apiStep{
		{"listed with the choices", r1, "GET", path, nil, 200, `"total":1`},
		{"the choices name the hotlines", r1, "GET", path, nil, 200, app.HotlineB.ID},
		{"another reviewer's list is their own", r2, "GET", path, nil, 200, `"items":[]`},
		{"a duplicate", r1, "POST", path, declare, 409, `"conflict"`},
		{"an unknown hotline", r1, "POST", path, map[string]any{"hotline_id": "00000000-0000-7000-8000-000000000000", "reason": "x"}, 422, `"hotline_id"`},
		{"a blank reason", r1, "POST", path, map[string]any{"hotline_id": app.HotlineB.ID, "reason": "  "}, 422, `"reason"`},
		{"not a JSON object", r1, "POST", path, "hotline", 400, ""},
		{"a manager", app.APIClient(servertest.ManagerA), "POST", path, declare, 403, ""},
		{"the secretariat has no own conflicts", app.APIClient(servertest.Secretariat), "GET", path, nil, 403, ""},
		{"nobody", app.Client(), "GET", path, nil, 401, ""},
		{"not yours", r2, "DELETE", path + "/" + made.ID, nil, 404, ""},
		{"an unknown one", r1, "DELETE", path + "/not-an-id", nil, 404, ""},
		{"withdrawn", r1, "DELETE", path + "/" + made.ID, nil, 204, ""},
		{"withdrawn twice", r1, "DELETE", path + "/" + made.ID, nil, 404, ""},
		{"the list is empty again", r1, "GET", path, nil, 200, `"total":0`},
		{"declared again", r1, "POST", path, declare, 201, app.HotlineA.ID},
	})
	if n := app.AuditCount("conflict.declare"); n != 2 {
		t.Errorf("declarations audited: %d, want 2", n)
	}
}

// threadsBody is the message threads as the tests read them.
type threadsBody struct {
	Items []struct {
		Criterion *string `json:"criterion"`
		Messages  []struct {
			Kind   string `json:"kind"`
			Body   string `json:"body"`
			Author *struct {
				Name string `json:"name"`
			} `json:"author"`
		} `json:"messages"`
	} `json:"items"`
}

// threadsOf reads an assessment's threads as one client, and says them as
// "criterion:kind:author" entries.
func threadsOf(t *testing.T, c *servertest.Client, id string) (string, string) {
	t.Helper()
	var b threadsBody
	body := getJSON(t, c, "/api/v1/assessments/"+id+"/messages", &b)
	var out []string
	for _, th := range b.Items {
		crit := "-"
		if th.Criterion != nil {
			crit = *th.Criterion
		}
		for _, m := range th.Messages {
			who := "?"
			if m.Author != nil {
				who = m.Author.Name
			}
			out = append(out, crit+":"+m.Kind+":"+who)
		}
	}
	return strings.Join(out, " "), body
}

// The threads are scoped as the pages scope them: the secretariat sees
// everything with authors; an assigned reviewer the criteria's threads
// (not the withdrawn reviews' notes); the hotline's manager only the
// clarification requests, never who sent them; anyone else nothing.
func TestMessageThreadsThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	id := submitted(t, app)
	sec, r1 := app.APIClient(servertest.Secretariat), app.APIClient(servertest.Reviewer1)
	mgr := app.APIClient(servertest.ManagerA)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
		}
	}
	runSteps(t, []apiStep{
		{"no thread yet", sec, "GET", "/api/v1/assessments/" + id + "/messages", nil, 200, `"items":[]`},
		{"a clarification", r1, "POST", "/api/v1/assessments/" + id + "/clarifications", map[string]any{"criteria": []string{"LEG-01"}, "message": "Which licence?"}, 201, ""},
		{"another hotline's manager", app.APIClient(servertest.ManagerB), "GET", "/api/v1/assessments/" + id + "/messages", nil, 404, ""},
		{"nobody", app.Client(), "GET", "/api/v1/assessments/" + id + "/messages", nil, 401, ""},
		{"an unknown assessment", sec, "GET", "/api/v1/assessments/00000000-0000-7000-8000-000000000000/messages", nil, 404, ""},
	})
	rita := app.Users[servertest.Reviewer1].Name
	if got, _ := threadsOf(t, r1, id); got != "LEG-01:clarification:"+rita {
		t.Errorf("the reviewer sees %q", got)
	}
	_, body := threadsOf(t, mgr, id)
	noReviewerIn(t, app, body)
	if !strings.Contains(body, "Which licence?") {
		t.Errorf("the manager misses the question: %s", body)
	}
	// The round answered and reviewed, then sent to reconciliation: a
	// reconcile request on GOV-01 and the two withdrawn reviews' notes.
	answerAndReview(t, app, id)
	if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reconcile", map[string]any{"criterion": "GOV-01", "message": "Please look again."}); r.StatusCode != 201 {
		t.Fatalf("reconcile: %d %s", r.StatusCode, r.Body)
	}
	names := strings.NewReplacer(rita, "R", app.Users[servertest.Reviewer2].Name, "R", app.Users[servertest.Secretariat].Name, "S")
	for _, c := range []struct {
		name   string
		client *servertest.Client
		want   string
	}{
		{"secretariat", sec, "LEG-01:clarification:R GOV-01:reconcile:S -:note:R -:note:R"},
		{"reviewer", r1, "LEG-01:clarification:R GOV-01:reconcile:S"},
		{"manager", mgr, "LEG-01:clarification:?"},
	} {
		if got, _ := threadsOf(t, c.client, id); names.Replace(got) != c.want {
			t.Errorf("%s sees %q, want %q", c.name, names.Replace(got), c.want)
		}
	}
	stranger, err := app.Svc.CreateUserWithPassword(context.Background(), servertest.SystemActor(), assessments.UserInput{
		Email: "stranger.reviewer@test.example", Name: "Stranger", Role: "reviewer", Country: "SK"}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if r := app.APIClient(servertest.Reviewer1).JSON("GET", "/api/v1/assessments/"+id+"/messages", nil); r.StatusCode != 200 {
		t.Errorf("assigned reviewer: %d", r.StatusCode)
	}
	sc := app.Client()
	sc.Token = apiToken(t, app, stranger.Email)
	if r := sc.JSON("GET", "/api/v1/assessments/"+id+"/messages", nil); r.StatusCode != 404 {
		t.Errorf("unassigned reviewer: %d, want 404", r.StatusCode)
	}
}

// answerAndReview answers the clarification on LEG-01 of id (whose
// reviewers are assigned), resubmits, and brings it to "reviewed", both
// reviewers scoring 3.
func answerAndReview(t *testing.T, app *servertest.App, id string) {
	t.Helper()
	mgr := app.APIClient(servertest.ManagerA)
	a := getAssessment(t, mgr, id)
	for _, ans := range a.Answers {
		if ans.Criterion == "LEG-01" {
			if r := saveAnswer(mgr, id, ans.Criterion, "met", "The licence of 2024.", ans.Version); r.StatusCode != 200 {
				t.Fatalf("answer: %d %s", r.StatusCode, r.Body)
			}
		}
	}
	if r := mgr.JSON("POST", "/api/v1/assessments/"+id+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("resubmit: %d %s", r.StatusCode, r.Body)
	}
	q, err := app.Svc.LoadQuestionnaire(context.Background(), app.Actor(servertest.Secretariat), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		c := app.APIClient(key)
		for _, it := range q.Items() {
			if it.Applicable {
				if r := score(c, id, it.Criterion.Code, 3, "Checked.", nil); r.StatusCode != 200 {
					t.Fatalf("score: %d %s", r.StatusCode, r.Body)
				}
			}
		}
		if r := c.JSON("POST", "/api/v1/assessments/"+id+"/reviews", map[string]any{"recommendation": "accredit", "summary": "Fine."}); r.StatusCode != 201 {
			t.Fatalf("review: %d %s", r.StatusCode, r.Body)
		}
	}
}

// apiToken signs in by email and returns the token.
func apiToken(t *testing.T, app *servertest.App, email string) string {
	t.Helper()
	r := app.Client().JSON("POST", "/api/v1/tokens", map[string]string{"email": email, "password": servertest.Password})
	if r.StatusCode != 201 {
		t.Fatalf("token: %d %s", r.StatusCode, r.Body)
	}
	var out struct{ Token string }
	r.Decode(&out)
	return out.Token
}

// notificationsBody is one page of notifications as the tests read it.
type notificationsBody struct {
	Items []struct {
		ID   string `json:"id"`
		Read bool   `json:"read"`
	} `json:"items"`
	Unread  int `json:"unread"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// The notifications come a page at a time, with the total and the unread
// count, and are marked read all at once as the page does.
func TestNotificationsThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	reviewed(t, app, 3, nil) // the secretariat hears of each review, then of both
	sec := app.APIClient(servertest.Secretariat)
	page := func(query string) notificationsBody {
		t.Helper()
		var b notificationsBody
		getJSON(t, sec, "/api/v1/notifications"+query, &b)
		return b
	}
	all := page("")
	n := all.Total
	if n < 2 || len(all.Items) != n || all.Unread != n || all.Page != 1 || all.PerPage != 100 {
		t.Fatalf("first page: %+v", all)
	}
	first, second := page("?per_page=1"), page("?page=2&per_page=1")
	if len(first.Items) != 1 || len(second.Items) != 1 || first.Items[0].ID != all.Items[0].ID || second.Items[0].ID != all.Items[1].ID ||
		second.Total != n || second.Page != 2 || second.PerPage != 1 {
		t.Errorf("pages of one: %+v %+v", first, second)
	}
	if beyond := page("?page=" + strconv.Itoa(n+1) + "&per_page=1"); len(beyond.Items) != 0 || beyond.Total != n {
		t.Errorf("past the last page: %+v", beyond)
	}
	if capped := page("?per_page=1000&page=0"); capped.PerPage != 100 || capped.Page != 1 {
		t.Errorf("bounds: %+v", capped)
	}
	runSteps(t, []apiStep{
		{"a page that is not a number", sec, "GET", "/api/v1/notifications?page=two", nil, 400, ""},
		{"nobody", app.Client(), "GET", "/api/v1/notifications", nil, 401, ""},
		{"nobody marks read", app.Client(), "POST", "/api/v1/notifications/read", nil, 401, ""},
		{"another person's stay unread", app.APIClient(servertest.ManagerA), "POST", "/api/v1/notifications/read", nil, 204, ""},
	})
	if still := page(""); still.Unread != n {
		t.Errorf("someone else's mark-read touched these: %+v", still)
	}
	runSteps(t, []apiStep{{"mark all read", sec, "POST", "/api/v1/notifications/read", nil, 204, ""}})
	after := page("")
	if after.Unread != 0 || after.Total != n || !after.Items[0].Read || !after.Items[n-1].Read {
		t.Errorf("after marking read: %+v", after)
	}
}

// A person sets their own language through the API, as the language
// switcher saves it on the account.
func TestAccountLanguageThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	mgr := app.APIClient(servertest.ManagerA)
	runSteps(t, []apiStep{
		{"set", mgr, "PATCH", "/api/v1/me", map[string]any{"language": "pl"}, 200, `"language":"pl"`},
		{"kept", mgr, "GET", "/api/v1/me", nil, 200, `"language":"pl"`},
		{"nothing to change", mgr, "PATCH", "/api/v1/me", map[string]any{}, 200, `"language":"pl"`},
		{"an unknown language", mgr, "PATCH", "/api/v1/me", map[string]any{"language": "xx"}, 422, `"language"`},
		{"not a JSON object", mgr, "PATCH", "/api/v1/me", []string{"pl"}, 400, ""},
		{"nobody", app.Client(), "PATCH", "/api/v1/me", map[string]any{"language": "fr"}, 401, ""},
	})
}

// collaborationAccessRows are the access matrix rows of issue 17's routes
// in routes_api_collaboration.go ({AS} hotline A's draft, {C} a spare
// hotline, {Z} an unknown ID): suggestions are the secretariat's,
// conflicts the reviewers' own, threads as the assessment is visible (a
// reviewer not assigned sees none).
func collaborationAccessRows() []routeCase {
	apiIn := want{401, 200, 200, 200, 200}
	return []routeCase{
		{method: "GET", route: "/api/v1/assessments/:id/reviewers", path: "/api/v1/assessments/{AS}/reviewers", api: true, want: want{401, 200, 403, 403, 403}},
		{method: "GET", route: "/api/v1/me/conflicts", api: true, want: want{401, 403, 403, 403, 200}},
		// 409: in the matrix the account page's row has declared it already.
		{method: "POST", route: "/api/v1/me/conflicts", api: true, json: map[string]any{"hotline_id": "{C}", "reason": "x"}, want: want{401, 403, 403, 403, 409}},
		{method: "DELETE", route: "/api/v1/me/conflicts/:id", path: "/api/v1/me/conflicts/{Z}", api: true, want: want{401, 403, 403, 403, 404}},
		{method: "GET", route: "/api/v1/assessments/:id/messages", path: "/api/v1/assessments/{AS}/messages", api: true, want: want{401, 200, 200, 404, 404}},
		{method: "POST", route: "/api/v1/notifications/read", api: true, want: want{401, 204, 204, 204, 204}},
		{method: "PATCH", route: "/api/v1/me", api: true, json: map[string]any{"language": "en"}, want: apiIn},
		{method: "GET", route: "/api/v1/assessments/:id/review", path: "/api/v1/assessments/{AS}/review", api: true, want: want{401, 403, 403, 403, 404}},
		{method: "GET", route: "/api/v1/me/requests", api: true, want: apiIn},
	}
}

// workspaceBody is a reviewer's workspace as the tests read it.
type workspaceBody struct {
	Assignment    struct{ Status string } `json:"assignment"`
	Editable      bool                    `json:"editable"`
	OthersVisible bool                    `json:"others_visible"`
	Progress      struct{ Answered int }  `json:"progress"`
	Review        *struct{ Recommendation string }
	Criteria      []struct {
		Criterion string `json:"criterion"`
		Score     *struct {
			Score   *int `json:"score"`
			Version int  `json:"version"`
		} `json:"score"`
		Others []struct {
			Score *int `json:"score"`
		} `json:"others"`
	} `json:"criteria"`
}

// workspaceOf reads a reviewer's workspace and the entry of one criterion.
func workspaceOf(t *testing.T, c *servertest.Client, id, code string) (workspaceBody, int) {
	t.Helper()
	var w workspaceBody
	body := getJSON(t, c, "/api/v1/assessments/"+id+"/review", &w)
	for i, it := range w.Criteria {
		if it.Criterion == code {
			return w, i
		}
	}
	t.Fatalf("no %s in the workspace: %s", code, body)
	return w, 0
}

// A reviewer reads their workspace through the API: their own scores with
// versions, the others' only once their own review is in; nobody else
// reads it.
func TestReviewWorkspaceThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	sec, r1, r2 := app.APIClient(servertest.Secretariat), app.APIClient(servertest.Reviewer1), app.APIClient(servertest.Reviewer2)
	open := submittedBy(t, app, servertest.ManagerB, app.HotlineB.ID)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+open+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
		}
	}
	w, i := workspaceOf(t, r1, open, "LEG-01")
	if w.Assignment.Status != "pending" || !w.Editable || w.OthersVisible || w.Progress.Answered != 0 || w.Criteria[i].Score != nil || w.Review != nil {
		t.Fatalf("fresh workspace: %+v", w)
	}
	runSteps(t, []apiStep{
		{"reviewer 1 scores", r1, "PUT", "/api/v1/assessments/" + open + "/scores/LEG-01", map[string]any{"score": 3, "comment": "Seen."}, 200, ""},
		{"reviewer 2 scores", r2, "PUT", "/api/v1/assessments/" + open + "/scores/LEG-01", map[string]any{"score": 1, "comment": "No licence."}, 200, ""},
		{"the manager", app.APIClient(servertest.ManagerB), "GET", "/api/v1/assessments/" + open + "/review", nil, 403, ""},
		{"the secretariat", sec, "GET", "/api/v1/assessments/" + open + "/review", nil, 403, ""},
		{"nobody", app.Client(), "GET", "/api/v1/assessments/" + open + "/review", nil, 401, ""},
		{"an unknown assessment", r1, "GET", "/api/v1/assessments/00000000-0000-7000-8000-000000000000/review", nil, 404, ""},
	})
	w, i = workspaceOf(t, r1, open, "LEG-01")
	if s := w.Criteria[i].Score; s == nil || s.Score == nil || *s.Score != 3 || s.Version != 1 || len(w.Criteria[i].Others) != 0 || w.Progress.Answered != 1 {
		t.Errorf("after scoring: %+v", w.Criteria[i])
	}
	done := reviewed(t, app, 3, map[string]int{"LEG-01": 2})
	w, i = workspaceOf(t, r1, done, "LEG-01")
	if !w.OthersVisible || w.Editable || w.Review == nil || w.Review.Recommendation != "accredit" ||
		len(w.Criteria[i].Others) != 1 || *w.Criteria[i].Others[0].Score != 2 {
		t.Errorf("after the reviews: %+v %+v", w, w.Criteria[i])
	}
	stranger, err := app.Svc.CreateUserWithPassword(context.Background(), servertest.SystemActor(), assessments.UserInput{
		Email: "stranger.reviewer@test.example", Name: "Stranger", Role: "reviewer", Country: "SK"}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	sc := app.Client()
	sc.Token = apiToken(t, app, stranger.Email)
	runSteps(t, []apiStep{{"a reviewer not assigned", sc, "GET", "/api/v1/assessments/" + done + "/review", nil, 404, ""}})
}

// A person lists their own data requests through the API, as the account
// page shows them.
func TestMyDataRequestsThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	mgr := app.APIClient(servertest.ManagerA)
	runSteps(t, []apiStep{
		{"none yet", mgr, "GET", "/api/v1/me/requests", nil, 200, `"total":0`},
		{"ask", mgr, "POST", "/api/v1/me/requests", map[string]any{"kind": "correction", "details": "My name is spelt Ελένη."}, 201, ""},
		{"listed", mgr, "GET", "/api/v1/me/requests", nil, 200, "spelt Ελένη"},
		{"not another person's", app.APIClient(servertest.Reviewer1), "GET", "/api/v1/me/requests", nil, 200, `"items":[]`},
		{"nobody", app.Client(), "GET", "/api/v1/me/requests", nil, 401, ""},
	})
}
