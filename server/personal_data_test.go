package server_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The reviewer the erasure tests erase.
const (
	erasedKey   = "vesna"
	erasedName  = "Vesna Erasable-Ünal"
	erasedEmail = "vesna.erasable@test.example"
)

// reviewedByErasable takes an assessment of hotline A through a review by
// a new reviewer who signed in, scored with comments, asked for a
// clarification and submitted a review; it returns the assessment and the
// reviewer.
func reviewedByErasable(t *testing.T, a *servertest.App) (string, *models.User) {
	t.Helper()
	ctx := context.Background()
	rv, err := a.Svc.CreateUserWithPassword(ctx, servertest.SystemActor(), assessments.UserInput{
		Email: erasedEmail, Name: erasedName, Role: "reviewer", Country: "FI", Languages: []string{"fi", "en"}, Expertise: "Helpline audits",
	}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	a.Users[erasedKey] = rv
	a.SignIn(erasedKey)
	sec := assessments.Actor{User: a.Users[servertest.Secretariat], IP: "test"}
	mgr := assessments.Actor{User: a.Users[servertest.ManagerA], IP: "test"}
	rva := assessments.Actor{User: rv, IP: "test"}
	id := a.StartAssessment(servertest.ManagerA).ID
	answerAll(t, a, mgr, id, false)
	must(t, submitErr(a.Svc.Submit(ctx, mgr, id)))
	_, err = a.Svc.Assign(ctx, sec, id, rv.ID, "")
	must(t, err)
	must(t, a.Svc.RespondToAssignment(ctx, rva, id, true, ""))
	must(t, a.Svc.RequestClarification(ctx, rva, id, assessments.ClarificationInput{Criteria: []string{"LEG-01"}, Message: "Please attach the licence."}))
	answerAll(t, a, mgr, id, true)
	must(t, submitErr(a.Svc.Submit(ctx, mgr, id)))
	q, err := a.Svc.LoadQuestionnaire(ctx, sec, id)
	must(t, err)
	for _, it := range q.Items() {
		if !it.Applicable {
			continue
		}
		v := 3
		_, err := a.Svc.SaveScore(ctx, rva, id, it.Criterion.Code, assessments.ScoreInput{Score: &v, Comment: "Checked against the register: " + it.Criterion.Code})
		must(t, err)
	}
	_, err = a.Svc.SubmitReview(ctx, rva, id, assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "A sound service."})
	must(t, err)
	return id, rv
}

func submitErr[T any](_ T, err error) error { return err }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// answerAll has the manager answer every open applicable criterion met.
func answerAll(t *testing.T, a *servertest.App, mgr assessments.Actor, id string, again bool) {
	t.Helper()
	ctx := context.Background()
	q, err := a.Svc.LoadQuestionnaire(ctx, mgr, id)
	must(t, err)
	for _, it := range q.Items() {
		if !it.Applicable || (!again && it.Complete()) || (again && !it.Answer.Reopened) {
			continue
		}
		level := models.LevelMet
		_, err := a.Svc.SaveAnswer(ctx, mgr, id, it.Criterion.Code, assessments.AnswerInput{Level: &level, Narrative: "We do this: " + it.Criterion.Code, Version: it.Answer.Version})
		must(t, err)
	}
}

// allStoredText returns, per table and column, every value of every
// table of the database (sessions decoded from base64; the signing keys,
// which are random bytes, left out), for a search of a name.
func allStoredText(t *testing.T, db *models.DB) map[string]string {
	t.Helper()
	var tables []string
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Dialect == models.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	must(t, db.Raw(q).Scan(&tables).Error)
	if len(tables) < 20 {
		t.Fatalf("only %d tables found: %v", len(tables), tables)
	}
	out := map[string]string{}
	for _, table := range tables {
		if table == "signing_keys" {
			continue
		}
		rows, err := db.Raw(`SELECT * FROM "` + table + `"`).Rows()
		must(t, err)
		cols, _ := rows.Columns()
		var sb = map[string]*strings.Builder{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			for i, v := range vals {
				s := ""
				switch x := v.(type) {
				case []byte:
					s = string(x)
				case string:
					s = x
				}
				if table == "sessions" && cols[i] == "data" {
					if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
						s = string(raw)
					}
				}
				key := table + "." + cols[i]
				if sb[key] == nil {
					sb[key] = &strings.Builder{}
				}
				sb[key].WriteString(s + "\n")
			}
		}
		rows.Close()
		for k, b := range sb {
			out[k] = b.String()
		}
	}
	return out
}

// After the erasure of a reviewer who signed in, scored with comments,
// asked for a clarification, had mail pending and was named in another
// pending mail and in a request, the old name and address are nowhere in
// the database nor on the pages and exports that showed them, while the
// scores, comments and review remain, attributed to the pseudonym.
func TestErasureReachesEverywhere(t *testing.T) {
	a := servertest.New(t)
	ctx := context.Background()
	id, rv := reviewedByErasable(t, a)
	// Another person's pending mail that names the reviewer, and the
	// reviewer's own request naming themselves.
	must(t, a.DB.WriteTx(ctx, func(tx *models.DB) error {
		return models.EnqueueMail(ctx, tx, &models.OutboxMessage{ID: models.NewID(), ToAddress: a.Users[servertest.Secretariat].Email, Language: "en",
			Subject: "About " + erasedName, Body: "Write to " + erasedEmail + " please.", Status: models.MailPending, NextAttemptAt: a.Clock.Now(), CreatedAt: a.Clock.Now()})
	}))
	_, err := a.Svc.RequestDataChange(ctx, assessments.Actor{User: rv}, assessments.DataRequestInput{Kind: "correction", Details: "My name is " + erasedName + ", please correct it."})
	must(t, err)
	if len(a.Outbox(erasedEmail)) == 0 {
		t.Fatal("the reviewer has no mail before the erasure")
	}
	sc := a.SignIn(servertest.Secretariat)
	if r := sc.Get("/assessments/" + id + "/consolidation"); !strings.Contains(r.Body, erasedName) {
		t.Fatalf("the consolidation does not name the reviewer before the erasure: %d", r.StatusCode)
	}
	rc := a.SignIn(erasedKey)
	if sessions, err := models.UserSessionExpiries(ctx, a.DB, rv.ID); err != nil || len(sessions) == 0 {
		t.Fatalf("no stored session of the reviewer before the erasure: %v", err)
	}
	var scoresBefore int64
	must(t, a.DB.Model(&models.Score{}).Where("reviewer_id = ?", rv.ID).Count(&scoresBefore).Error)

	api := a.APIClient(servertest.Secretariat)
	r := api.JSON("POST", "/api/v1/users/"+rv.ID+"/erase", map[string]string{"reason": "Asked by " + erasedName + " by letter."})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("erase: %d %s", r.StatusCode, r.Body)
	}
	var got struct {
		Name, Email string
		Erased      bool
	}
	r = api.JSON("GET", "/api/v1/users/"+rv.ID, nil)
	r.Decode(&got)
	if r.StatusCode != http.StatusOK || !got.Erased || got.Name != "Reviewer 1" || got.Email != "erased-reviewer-1@erased.invalid" {
		t.Fatalf("after erasure: %d %+v", r.StatusCode, got)
	}

	for where, text := range allStoredText(t, a.DB) {
		for _, old := range []string{erasedName, erasedEmail, "Vesna"} {
			if strings.Contains(text, old) {
				t.Errorf("%q still in %s", old, where)
			}
		}
	}
	pages := []string{
		"/users", "/users?q=vesna", "/users/" + rv.ID, "/assessments/" + id + "/consolidation", "/assessments/" + id + "/decision",
		"/audit", "/audit?object=" + rv.ID, "/data-requests", "/outbox", "/notifications",
		"/api/v1/exports/scores.csv", "/api/v1/exports/scores.json", "/exports/scores.csv",
		"/api/v1/assessments/" + id + "/consolidation", "/api/v1/users",
	}
	for _, p := range pages {
		client := sc
		if strings.HasPrefix(p, "/api/") {
			client = api
		}
		r := client.Get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p, r.StatusCode)
		}
		for _, old := range []string{erasedName, erasedEmail, url.QueryEscape(erasedEmail)} {
			if strings.Contains(r.Body, old) {
				t.Errorf("%s still shows %q", p, old)
			}
		}
	}
	if r := sc.Get("/assessments/" + id + "/consolidation"); !strings.Contains(r.Body, "Reviewer 1") {
		t.Error("the consolidation does not attribute the scores to the pseudonym")
	}
	if r := sc.Get("/users/" + rv.ID); !strings.Contains(r.Body, "Erased") {
		t.Error("the user page shows no Erased badge")
	}
	var scoresAfter, reviews int64
	must(t, a.DB.Model(&models.Score{}).Where("reviewer_id = ? AND comment LIKE ?", rv.ID, "Checked against the register:%").Count(&scoresAfter).Error)
	must(t, a.DB.Model(&models.Review{}).Where("reviewer_id = ?", rv.ID).Count(&reviews).Error)
	if scoresAfter != scoresBefore || scoresBefore == 0 || reviews != 1 {
		t.Errorf("scores %d -> %d, reviews %d: the accreditation records must stay whole", scoresBefore, scoresAfter, reviews)
	}
	if n := a.AuditCount("user.erase"); n != 1 {
		t.Errorf("%d user.erase entries", n)
	}
	a.Client().Login(erasedEmail, servertest.Password, http.StatusUnauthorized)
	if sessions, err := models.UserSessionExpiries(ctx, a.DB, rv.ID); err != nil || len(sessions) != 0 {
		t.Errorf("%d sessions of the erased reviewer remain (%v)", len(sessions), err)
	}
	if r := rc.Get("/dashboard"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the erased reviewer's session still works: %d", r.StatusCode)
	}
}

// What an erased account refuses: a second erasure, edits, enabling and
// invitations (409), and the erasure of oneself.
func TestErasedAccountIsClosed(t *testing.T) {
	a := servertest.New(t)
	api := a.APIClient(servertest.Secretariat)
	target := a.Users[servertest.Reviewer2]
	if r := api.JSON("POST", "/api/v1/users/"+target.ID+"/erase", map[string]string{"reason": ""}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no reason: %d", r.StatusCode)
	}
	if r := api.JSON("POST", "/api/v1/users/"+target.ID+"/erase", map[string]string{"reason": "Left the network."}); r.StatusCode != http.StatusOK {
		t.Fatalf("erase: %d %s", r.StatusCode, r.Body)
	}
	sc := a.SignIn(servertest.Secretariat)
	cases := []struct {
		name string
		do   func() *servertest.Response
	}{
		{"erase again (API)", func() *servertest.Response {
			return api.JSON("POST", "/api/v1/users/"+target.ID+"/erase", map[string]string{"reason": "Again."})
		}},
		{"erase again (page)", func() *servertest.Response {
			return sc.PostForm("/users/"+target.ID+"/erase", url.Values{"reason": {"Again."}})
		}},
		{"edit", func() *servertest.Response {
			return sc.PostForm("/users/"+target.ID, url.Values{"email": {"x@test.example"}, "name": {"X"}, "role": {"reviewer"}, "country": {"FI"}, "version": {"2"}})
		}},
		{"enable", func() *servertest.Response { return sc.PostForm("/users/"+target.ID+"/enable", nil) }},
		{"invite", func() *servertest.Response { return sc.PostForm("/users/"+target.ID+"/invite", nil) }},
		{"erase oneself", func() *servertest.Response {
			return api.JSON("POST", "/api/v1/users/"+a.Users[servertest.Secretariat].ID+"/erase", map[string]string{"reason": "Me."})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := c.do(); r.StatusCode != http.StatusConflict {
				t.Errorf("status %d, want 409", r.StatusCode)
			}
		})
	}
	if r := sc.Get("/users/" + target.ID + "/erase"); r.StatusCode != http.StatusOK {
		t.Errorf("confirmation page of an erased account: %d", r.StatusCode)
	}
	if r := sc.Get("/users/" + a.Users[servertest.Reviewer1].ID + "/erase"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="reason"`) {
		t.Errorf("confirmation page: %d", r.StatusCode)
	}
}

// The erasure page: a refusal is shown with the reason kept; success
// redirects to the user page with the pseudonym.
func TestEraseThroughThePages(t *testing.T) {
	a := servertest.New(t)
	sc := a.SignIn(servertest.Secretariat)
	id := a.Users[servertest.ManagerB].ID
	r := sc.PostForm("/users/"+id+"/erase", url.Values{"reason": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "error-summary") {
		t.Fatalf("no reason: %d", r.StatusCode)
	}
	r = sc.PostForm("/users/"+a.Users[servertest.Secretariat].ID+"/erase", url.Values{"reason": {"Kept reason"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Kept reason") {
		t.Fatalf("self: %d", r.StatusCode)
	}
	r = sc.PostForm("/users/"+id+"/erase", url.Values{"reason": {"Asked to be forgotten."}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/users/"+id {
		t.Fatalf("erase: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := sc.Get("/users/" + id); !strings.Contains(r.Body, "Manager 1") || strings.Contains(r.Body, "/users/"+id+"/edit") {
		t.Errorf("user page after erasure: %d", r.StatusCode)
	}
}

// The export holds the caller's data and nothing secret nor about anyone
// else; the page download is the same JSON as an attachment.
func TestPersonalDataExport(t *testing.T) {
	a := servertest.New(t)
	id, rv := reviewedByErasable(t, a)
	ctx := context.Background()
	_, err := a.Svc.DeclareConflict(ctx, assessments.Actor{User: rv}, rv.ID, a.HotlineB.ID, "Former colleague of the director.")
	must(t, err)
	_, err = a.Svc.RequestDataChange(ctx, assessments.Actor{User: rv}, assessments.DataRequestInput{Kind: "erasure"})
	must(t, err)
	c := a.APIClient(erasedKey)
	r := c.JSON("GET", "/api/v1/me/export", nil)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("export: %d %s", r.StatusCode, r.Body)
	}
	var out map[string]any
	r.Decode(&out)
	account, _ := out["account"].(map[string]any)
	if account["email"] != erasedEmail || account["name"] != erasedName || account["two_step_enabled"] != false {
		t.Errorf("account: %v", account)
	}
	for section, min := range map[string]int{"scores": 10, "reviews": 1, "messages": 1, "assignments": 1, "conflicts": 1, "audit_log": 1, "notifications": 1, "data_requests": 1, "api_tokens": 1, "sessions": 1} {
		items, _ := out[section].([]any)
		if len(items) < min {
			t.Errorf("%s: %d items, want at least %d", section, len(items), min)
		}
	}
	if !strings.Contains(r.Body, id) || !strings.Contains(r.Body, "Checked against the register") || !strings.Contains(r.Body, "Please attach the licence.") {
		t.Error("the export misses the reviewer's work")
	}
	secrets := []string{"password_hash", "totp_secret", "token_hash", "code_hash", "$argon2", c.Token}
	for _, u := range a.Users {
		if u.ID != rv.ID {
			secrets = append(secrets, u.Email, u.Name)
		}
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(r.Body, s) {
			t.Errorf("the export holds %q", s)
		}
	}
	page := a.SignIn(erasedKey).Get("/account/export")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(page.Body, erasedEmail) {
		t.Errorf("page download: %d %q", page.StatusCode, page.Header.Get("Content-Disposition"))
	}
	if r := a.Client().Get("/api/v1/me/export"); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous export: %d", r.StatusCode)
	}
}

// A person asks for a correction and an erasure; the secretariat is told,
// sees and answers them; the person is told and reads the answer.
func TestDataRequestsFlow(t *testing.T) {
	a := servertest.New(t)
	rc := a.SignIn(servertest.Reviewer1)
	api := a.APIClient(servertest.Reviewer1)
	cases := []struct {
		name string
		body map[string]string
		want int
	}{
		{"unknown kind", map[string]string{"kind": "deletion"}, 422},
		{"correction without details", map[string]string{"kind": "correction", "details": " "}, 422},
		{"correction", map[string]string{"kind": "correction", "details": "My country is LV, not LT."}, 201},
		{"a second open correction", map[string]string{"kind": "correction", "details": "Again."}, 409},
		{"erasure without details", map[string]string{"kind": "erasure"}, 201},
		{"a second erasure", map[string]string{"kind": "erasure"}, 409},
	}
	for _, c := range cases {
		if r := api.JSON("POST", "/api/v1/me/requests", c.body); r.StatusCode != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, r.StatusCode, c.want, r.Body)
		}
	}
	r := rc.PostForm("/account/requests", url.Values{"kind": {"correction"}, "details": {"Typed text kept"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Typed text kept") {
		t.Errorf("page duplicate: %d", r.StatusCode)
	}
	r = a.SignIn(servertest.Reviewer2).PostForm("/account/requests", url.Values{"kind": {"correction"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "error-summary") {
		t.Errorf("page without details: %d", r.StatusCode)
	}
	if r := a.SignIn(servertest.Reviewer2).PostForm("/account/requests", url.Values{"kind": {"erasure"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("page request: %d", r.StatusCode)
	}
	if n := countNotifications(t, a, a.Users[servertest.Secretariat].ID, "data_request"); n != 3 {
		t.Errorf("secretariat notified %d times, want 3", n)
	}

	sec := a.APIClient(servertest.Secretariat)
	var list struct {
		Items []struct {
			ID, Kind, Status string
			User             struct{ ID string }
		}
		Total int
	}
	sec.JSON("GET", "/api/v1/data-requests?status=open", nil).Decode(&list)
	if list.Total != 3 {
		t.Fatalf("open requests: %+v", list)
	}
	target := ""
	for _, it := range list.Items {
		if it.Kind == "correction" {
			target = it.ID
		}
	}
	sc := a.SignIn(servertest.Secretariat)
	for _, p := range []string{"/data-requests", "/data-requests?status=open", "/data-requests?status=refused", "/data-requests?page=2", "/data-requests/" + target} {
		if r := sc.Get(p); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
	if r := sc.Get("/data-requests?status=refused"); !strings.Contains(r.Body, `class="empty"`) {
		t.Error("no empty state")
	}
	r = sc.PostForm("/data-requests/"+target+"/close", url.Values{"status": {"done"}, "response": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("close without response: %d", r.StatusCode)
	}
	r = sc.PostForm("/data-requests/"+target+"/close", url.Values{"status": {"done"}, "response": {"Country corrected to Latvia."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	if r := sec.JSON("POST", "/api/v1/data-requests/"+target+"/close", map[string]string{"status": "refused", "response": "x"}); r.StatusCode != http.StatusConflict {
		t.Errorf("second close: %d", r.StatusCode)
	}
	if n := countNotifications(t, a, a.Users[servertest.Reviewer1].ID, "data_request_closed"); n != 1 {
		t.Errorf("person notified %d times", n)
	}
	if r := rc.Get("/account"); !strings.Contains(r.Body, "Country corrected to Latvia.") {
		t.Error("the account page does not show the answer")
	}
	// Now the correction is closed, a new one may be made.
	if r := api.JSON("POST", "/api/v1/me/requests", map[string]string{"kind": "correction", "details": "Expertise: child law."}); r.StatusCode != http.StatusCreated {
		t.Errorf("new correction: %d", r.StatusCode)
	}
	if n := a.AuditCount("data_request.close"); n != 1 {
		t.Errorf("%d data_request.close entries", n)
	}
}

func countNotifications(t *testing.T, a *servertest.App, userID, kind string) int64 {
	t.Helper()
	var n int64
	must(t, a.DB.Model(&models.Notification{}).Where("user_id = ? AND kind = ?", userID, kind).Count(&n).Error)
	return n
}
