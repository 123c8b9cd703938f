package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"hotlineportal/models"
	"hotlineportal/models/modelstest"
	"hotlineportal/server/servertest"
)

// reviewerEntry is one entry of an assessment's "reviewers".
type reviewerEntry struct {
	UserID      string  `json:"user_id"`
	Name        string  `json:"name"`
	DueAt       *string `json:"due_at"`
	SubmittedAt *string `json:"submitted_at"`
}

// Assigning takes an optional due date (a bad one is 422 on its field);
// without one the review is due PORTAL_REVIEW_DAYS later.
func TestAssignDueAtAPI(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_REVIEW_DAYS": "12"}})
	id := submitted(t, app)
	sec := app.APIClient(servertest.Secretariat)
	path := "/api/v1/assessments/" + id + "/reviewers"
	r := sec.JSON("POST", path, map[string]any{"user_id": app.Users[servertest.Reviewer1].ID, "due_at": "next week"})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `"due_at"`) {
		t.Fatalf("bad due_at: %d %s", r.StatusCode, r.Body)
	}
	r = sec.JSON("POST", path, map[string]any{"user_id": app.Users[servertest.Reviewer1].ID})
	var got struct {
		AssignedAt string `json:"assigned_at"`
		DueAt      string `json:"due_at"`
	}
	r.Decode(&got)
	assigned, _ := time.Parse(time.RFC3339, got.AssignedAt)
	due, _ := time.Parse(time.RFC3339, got.DueAt)
	if r.StatusCode != 201 || due.Sub(assigned) != 12*24*time.Hour {
		t.Fatalf("default due: %d %s", r.StatusCode, r.Body)
	}
	r = sec.JSON("POST", path, map[string]any{"user_id": app.Users[servertest.Reviewer2].ID, "due_at": "2020-01-02T10:00:00Z"})
	if r.StatusCode != 201 || !strings.Contains(r.Body, `"due_at":"2020-01-02T10:00:00Z"`) {
		t.Fatalf("past due_at: %d %s", r.StatusCode, r.Body)
	}
}

// Who sees "reviewers" and "deadline" on an assessment, and who may
// move them.
func TestDeadlinesVisibilityAndMoves(t *testing.T) {
	app := servertest.New(t)
	id := submitted(t, app)
	sec := app.APIClient(servertest.Secretariat)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if r := sec.JSON("POST", "/api/v1/assessments/"+id+"/reviewers", map[string]any{"user_id": app.Users[key].ID}); r.StatusCode != 201 {
			t.Fatalf("assign: %d %s", r.StatusCode, r.Body)
		}
	}
	if r := sec.JSON("PATCH", "/api/v1/assessments/"+id, map[string]any{"deadline": "2027-02-03"}); r.StatusCode != 200 {
		t.Fatalf("deadline: %d %s", r.StatusCode, r.Body)
	}
	r1 := app.Users[servertest.Reviewer1].ID
	view := func(key string) (string, *[]reviewerEntry) {
		var got struct {
			Deadline  *string          `json:"deadline"`
			Reviewers *[]reviewerEntry `json:"reviewers"`
		}
		r := app.APIClient(key).JSON("GET", "/api/v1/assessments/"+id, nil)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", key, r.StatusCode)
		}
		r.Decode(&got)
		d := ""
		if got.Deadline != nil {
			d = *got.Deadline
		}
		return d, got.Reviewers
	}
	cases := []struct {
		key       string
		reviewers int // -1: no field
	}{
		{servertest.Secretariat, 2},
		{servertest.Reviewer1, 1},
		{servertest.ManagerA, -1},
	}
	for _, c := range cases {
		d, rs := view(c.key)
		if d != "2027-02-03T23:59:00Z" {
			t.Errorf("%s sees deadline %q", c.key, d)
		}
		switch {
		case c.reviewers < 0 && rs != nil:
			t.Errorf("%s sees the reviewers", c.key)
		case c.reviewers >= 0 && (rs == nil || len(*rs) != c.reviewers):
			t.Errorf("%s sees %v", c.key, rs)
		case c.key == servertest.Reviewer1 && (*rs)[0].UserID != r1:
			t.Errorf("a reviewer sees another's entry")
		}
	}
	moves := []struct {
		key, method, path string
		body              map[string]any
		want              int
	}{
		{servertest.Secretariat, "PATCH", "/reviewers/" + r1, map[string]any{"due_at": "2027-01-01T12:00:00Z"}, 200},
		{servertest.Secretariat, "PATCH", "/reviewers/" + r1, map[string]any{"due_at": "soon"}, 422},
		{servertest.Secretariat, "PATCH", "/reviewers/" + r1, map[string]any{}, 422},
		{servertest.Secretariat, "PATCH", "/reviewers/" + app.Users[servertest.ManagerA].ID, map[string]any{"due_at": "2027-01-01"}, 404},
		{servertest.ManagerA, "PATCH", "/reviewers/" + r1, map[string]any{"due_at": "2027-01-01"}, 403},
		{servertest.Reviewer1, "PATCH", "/reviewers/" + r1, map[string]any{"due_at": "2027-01-01"}, 403},
		{servertest.Secretariat, "PATCH", "", map[string]any{"deadline": "tomorrow"}, 422},
		{servertest.Secretariat, "PATCH", "", map[string]any{}, 422},
		{servertest.ManagerA, "PATCH", "", map[string]any{"deadline": nil}, 403},
		{servertest.Reviewer1, "PATCH", "", map[string]any{"deadline": nil}, 403},
		{servertest.Secretariat, "PATCH", "", map[string]any{"deadline": nil}, 200},
	}
	for _, m := range moves {
		r := app.APIClient(m.key).JSON(m.method, "/api/v1/assessments/"+id+m.path, m.body)
		if r.StatusCode != m.want {
			t.Errorf("%s %s %v: %d, want %d %s", m.key, m.path, m.body, r.StatusCode, m.want, r.Body)
		}
	}
	_, rs := view(servertest.Secretariat)
	if (*rs)[0].DueAt == nil || *(*rs)[0].DueAt != "2027-01-01T12:00:00Z" {
		t.Errorf("due date not moved: %v", (*rs)[0].DueAt)
	}
	if d, _ := view(servertest.ManagerA); d != "" {
		t.Errorf("deadline not cleared: %q", d)
	}
	if r := sec.JSON("PATCH", "/api/v1/assessments/00000000-0000-7000-8000-000000000000", map[string]any{"deadline": nil}); r.StatusCode != 404 {
		t.Errorf("unknown assessment: %d", r.StatusCode)
	}
}

// workItem is one item of GET /api/v1/worklist.
type workItem struct {
	Kind         string  `json:"kind"`
	AssessmentID string  `json:"assessment_id"`
	Hotline      string  `json:"hotline"`
	ReviewerID   *string `json:"reviewer_id"`
	DueAt        string  `json:"due_at"`
	Overdue      bool    `json:"overdue"`
}

// The work list holds one item of each kind seeded, oldest first, and the
// count of assessments per status.
func TestWorklistAPI(t *testing.T) {
	app := servertest.New(t)
	fw, _, err := app.Svc.CurrentFramework(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	now := app.Clock.Now().UTC()
	w := modelstest.SeedWorkload(t, app.DB, 6, 1, fw.ID, [2]string{app.Users[servertest.Reviewer1].ID, app.Users[servertest.Reviewer2].ID}, now)
	r := app.APIClient(servertest.Secretariat).JSON("GET", "/api/v1/worklist", nil)
	if r.StatusCode != 200 {
		t.Fatalf("%d %s", r.StatusCode, r.Body)
	}
	var got struct {
		Items  []workItem       `json:"items"`
		Counts map[string]int64 `json:"counts"`
	}
	r.Decode(&got)
	kinds := map[string]int{}
	for i, it := range got.Items {
		kinds[it.Kind]++
		if i > 0 && it.DueAt < got.Items[i-1].DueAt {
			t.Errorf("item %d out of order: %s after %s", i, it.DueAt, got.Items[i-1].DueAt)
		}
		if (it.Kind == models.WorkReviewOverdue) != (it.ReviewerID != nil) {
			t.Errorf("%s with reviewer %v", it.Kind, it.ReviewerID)
		}
		if it.Hotline == "" || it.AssessmentID == "" {
			t.Errorf("incomplete item %+v", it)
		}
	}
	for kind, n := range w.Expected {
		if kinds[kind] != n || n != 1 {
			t.Errorf("%s: %d, want %d", kind, kinds[kind], n)
		}
	}
	if got.Counts["decided"] != 6+2 || got.Counts["draft"] != 1 || got.Counts["in_review"] != 1 {
		t.Errorf("counts %v", got.Counts)
	}
	if r := app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/worklist", nil); r.StatusCode != 403 {
		t.Errorf("manager: %d", r.StatusCode)
	}
}

// The reviewers page sets and clears the deadline, moves a due date and
// assigns with one; a bad date is shown again with what was typed.
func TestDeadlinePages(t *testing.T) {
	app := servertest.New(t)
	id := submitted(t, app)
	sec := app.SignIn(servertest.Secretariat)
	page := "/assessments/" + id + "/reviewers"
	r1, r2 := app.Users[servertest.Reviewer1].ID, app.Users[servertest.Reviewer2].ID
	steps := []struct {
		name, path string
		form       url.Values
		status     int
		shows      []string
	}{
		{"bad assign date", page, url.Values{"user_id": {r1}, "due_at": {"31/12/2026"}}, 422, []string{`value="31/12/2026"`, `id="assign_due_at"`, "Enter a date."}},
		{"assign with a date", page, url.Values{"user_id": {r1}, "due_at": {"2020-03-04"}}, 303, nil},
		{"assign by default", page, url.Values{"user_id": {r2}}, 303, nil},
		{"bad due date", page + "/" + r1 + "/due", url.Values{"value": {"soon"}}, 422, []string{`value="soon"`, `id="due_at"`}},
		{"move due date", page + "/" + r1 + "/due", url.Values{"value": {"2030-05-06"}}, 303, nil},
		{"bad deadline", "/assessments/" + id + "/deadline", url.Values{"value": {"later"}}, 422, []string{`value="later"`, `id="deadline"`}},
		{"set deadline", "/assessments/" + id + "/deadline", url.Values{"value": {"2030-01-02"}}, 303, nil},
	}
	for _, s := range steps {
		r := sec.PostForm(s.path, s.form)
		if r.StatusCode != s.status {
			t.Fatalf("%s: %d %.500s", s.name, r.StatusCode, r.Body)
		}
		for _, want := range s.shows {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s: page lacks %s", s.name, want)
			}
		}
	}
	body := sec.Get(page).Body
	for _, want := range []string{"The submission deadline has been saved.", "2 January 2030", "6 May 2030", `value="2030-01-02"`} {
		if !strings.Contains(body, want) {
			t.Errorf("reviewers page lacks %q", want)
		}
	}
	if r := sec.PostForm("/assessments/"+id+"/deadline", url.Values{"value": {""}}); r.StatusCode != 303 {
		t.Fatalf("clear: %d", r.StatusCode)
	}
	if body := sec.Get(page).Body; !strings.Contains(body, "The submission deadline has been removed.") || !strings.Contains(body, "No submission deadline is set.") {
		t.Errorf("deadline not cleared")
	}
}

// Each role's dashboard shows its deadlines: the secretariat its work
// list, a reviewer its reviews with the late one first and marked, a
// manager its submission deadline.
func TestDeadlineDashboards(t *testing.T) {
	app := servertest.New(t)
	ctx := context.Background()
	sys := servertest.SystemActor()
	id := submitted(t, app)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if _, err := app.Svc.Assign(ctx, sys, id, app.Users[key].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	past := app.Clock.Now().AddDate(0, 0, -3)
	if _, err := app.Svc.MoveReviewDue(ctx, sys, id, app.Users[servertest.Reviewer1].ID, past); err != nil {
		t.Fatal(err)
	}
	mgrB := app.APIClient(servertest.ManagerB)
	draft := startAPI(t, mgrB, app.HotlineB.ID)
	if _, err := app.Svc.SetDeadline(ctx, sys, draft.ID, &past); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		key   string
		shows []string
	}{
		{servertest.Secretariat, []string{"What needs doing", "Chase the review of Rita Reviewer", `href="/assessments?status=in_review"`, "Overdue", `href="/worklist"`}},
		{servertest.Reviewer1, []string{`<span class="tag tag-red">En retard</span>`, "échéance le"}}, // Rita reads French
		{servertest.Reviewer2, []string{"due "}},
		{servertest.ManagerB, []string{"Overdue", "The submission deadline of"}},
	}
	for _, c := range checks {
		body := app.SignIn(c.key).Get("/dashboard").Body
		for _, want := range c.shows {
			if !strings.Contains(body, want) {
				t.Errorf("%s's dashboard lacks %q", c.key, want)
			}
		}
	}
	if body := app.SignIn(servertest.Reviewer2).Get("/dashboard").Body; strings.Contains(body, ">Overdue<") {
		t.Errorf("a review on time is marked late")
	}
	if body := app.SignIn(servertest.Secretariat).Get("/worklist").Body; !strings.Contains(body, "Chase the review of Rita Reviewer") {
		t.Errorf("the full work list lacks the late review")
	}
}
