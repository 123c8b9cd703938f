package server_test

import (
	"context"
	"fmt"
	"hotlineportal/models/modelstest"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

// BenchmarkBareInsert is the reference: one plain INSERT of a row the size
// of an answer, straight through database/sql, on the same database.
func BenchmarkBareInsert(b *testing.B) {
	app := servertest.New(b)
	if err := app.DB.Exec("CREATE TABLE bench_rows (id TEXT PRIMARY KEY, body TEXT NOT NULL)").Error; err != nil {
		b.Fatal(err)
	}
	sqlDB, _ := app.DB.DB.DB()
	body := strings.Repeat("x", 400)
	placeholder := "?"
	if modelstest.PostgresURL() != "" {
		placeholder = "$2"
	}
	stmt := "INSERT INTO bench_rows (id, body) VALUES (" + strings.Replace(placeholder, "2", "1", 1) + ", " + placeholder + ")"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sqlDB.Exec(stmt, fmt.Sprint(i), body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveAnswer saves one answer through the domain: access check,
// version check, update and audit entry in one transaction.
func BenchmarkSaveAnswer(b *testing.B) {
	app := servertest.New(b)
	as := app.StartAssessment(servertest.ManagerA)
	a := assessments.Actor{User: app.Users[servertest.ManagerA], IP: "bench"}
	level := "met"
	narrative := strings.Repeat("Our hotline answers every call. ", 13)
	ctx := context.Background()
	version := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := app.Svc.SaveAnswer(ctx, a, as.ID, "LEG-01", assessments.AnswerInput{Level: &level, Narrative: narrative, Version: version})
		if err != nil {
			b.Fatal(err)
		}
		version = v
	}
}

// BenchmarkQuestionnairePage renders the task list and the check-your-
// answers page (all 50 criteria) of a fully answered assessment through the
// whole HTTP stack (session, CSRF, templates).
func BenchmarkQuestionnairePage(b *testing.B) {
	app := servertest.New(b)
	as := app.StartAssessment(servertest.ManagerA)
	api := app.APIClient(servertest.ManagerA)
	q, err := app.Svc.LoadQuestionnaire(context.Background(), assessments.Actor{User: app.Users[servertest.ManagerA]}, as.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, it := range q.Items() {
		saveAnswer(api, as.ID, it.Criterion.Code, "met", strings.Repeat("We do this well. ", 20), 0)
	}
	web := app.SignIn(servertest.ManagerA)
	cookies := web.HTTP.Jar.Cookies(mustURL(app.URL))
	for name, page := range map[string]string{"tasklist": "", "check50": "/check"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", "/assessments/"+as.ID+page, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				app.Server.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkAutosaveHTTP saves answers through the whole HTTP stack in
// parallel (JSON, domain, SQLite), over many answers so that saves rarely
// collide: as an API client with a bearer token, and as the browser's
// autosave does, with the session cookie and the CSRF header. The cookie
// run reports how many session writes each save cost.
func BenchmarkAutosaveHTTP(b *testing.B) {
	app := servertest.New(b)
	as := app.StartAssessment(servertest.ManagerA)
	token := app.APIClient(servertest.ManagerA).Token
	web := app.SignIn(servertest.ManagerA)
	web.Get("/dashboard") // the sign-in's flash is shown and gone
	cookies, csrf := web.HTTP.Jar.Cookies(mustURL(app.URL)), web.CSRF()
	q, _ := app.Svc.LoadQuestionnaire(context.Background(), assessments.Actor{User: app.Users[servertest.ManagerA]}, as.ID)
	var codes []string
	for _, it := range q.Items() {
		codes = append(codes, it.Criterion.Code)
	}
	auth := map[string]func(*http.Request){
		"token": func(req *http.Request) { req.Header.Set("Authorization", "Bearer "+token) },
		"cookie": func(req *http.Request) {
			for _, c := range cookies {
				req.AddCookie(c)
			}
			req.Header.Set("X-CSRF-Token", csrf)
		},
	}
	for _, name := range []string{"token", "cookie"} {
		b.Run(name, func(b *testing.B) {
			written, _ := app.Server.SessionWrites()
			autosaveInParallel(b, app, as.ID, codes, auth[name])
			after, _ := app.Server.SessionWrites()
			b.ReportMetric(float64(after-written)/float64(b.N), "session-writes/op")
		})
	}
}

// autosaveInParallel saves answers of one assessment from parallel
// goroutines, each request authenticated by auth.
func autosaveInParallel(b *testing.B, app *servertest.App, id string, codes []string, auth func(*http.Request)) {
	var mu sync.Mutex
	versions := map[string]int{}
	for _, code := range codes {
		var v int
		app.DB.Raw("SELECT version FROM answers WHERE assessment_id = ? AND criterion = ?", id, code).Scan(&v)
		versions[code] = v
	}
	var next atomic.Int64
	h := app.Server.Handler()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			code := codes[int(next.Add(1))%len(codes)]
			mu.Lock()
			v := versions[code]
			mu.Unlock()
			body := fmt.Sprintf(`{"level":"met","narrative":"We answer every contact. %d","version":%d}`, v, v)
			req := httptest.NewRequest("PUT", "/api/v1/assessments/"+id+"/answers/"+code, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			auth(req)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			switch rec.Code {
			case http.StatusOK:
				mu.Lock()
				versions[code] = max(versions[code], v+1)
				mu.Unlock()
			case http.StatusConflict:
			default:
				b.Errorf("autosave answered %d: %s", rec.Code, rec.Body.String())
			}
		}
	})
}
