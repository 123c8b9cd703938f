package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"hotlineportal/models/modelstest"
	"hotlineportal/server/servertest"
)

// BenchmarkWorklist answers GET /api/v1/worklist and the secretariat's
// dashboard (the work list as a page) at 1,000 hotlines x 3 cycles (2
// decided, the current one in every state), through the whole HTTP stack,
// with GET /api/v1/me in the same run as the baseline of one request that
// does next to nothing.
func BenchmarkWorklist(b *testing.B) {
	app := servertest.New(b)
	fw, _, err := app.Svc.CurrentFramework(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	modelstest.SeedWorkload(b, app.DB, 1000, 2, fw.ID,
		[2]string{app.Users[servertest.Reviewer1].ID, app.Users[servertest.Reviewer2].ID}, app.Clock.Now().UTC())
	token := app.APIClient(servertest.Secretariat).Token
	web := app.SignIn(servertest.Secretariat)
	web.Get("/dashboard") // the sign-in's flash is shown and gone
	cookies := web.HTTP.Jar.Cookies(mustURL(app.URL))
	for _, c := range []struct {
		name, path string
		cookie     bool
	}{{"me", "/api/v1/me", false}, {"worklist", "/api/v1/worklist", false}, {"dashboard", "/dashboard", true}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", c.path, nil)
				if c.cookie {
					for _, ck := range cookies {
						req.AddCookie(ck)
					}
				} else {
					req.Header.Set("Authorization", "Bearer "+token)
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
