package servertest

import (
	"io"
	"log/slog"
	"net/http/httptest"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
	"hotlineportal/assessments/messages"
	"hotlineportal/server"
)

// SecondInstance starts another portal on the app's database, as a second
// instance behind a load balancer would be, keeping its files in files
// (another client of the same bucket, say). It shares nothing in memory
// with the first: its own service, caches and server.
func (a *App) SecondInstance(files evidence.Blobs) *App {
	a.T.Helper()
	so := a.Svc.Options()
	so.Files = files
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := assessments.NewService(a.DB, messages.MustLoad(), log, so)
	if err != nil {
		a.T.Fatal(err)
	}
	srv, err := server.New(a.Config, svc, log)
	if err != nil {
		a.T.Fatalf("build second server: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	a.T.Cleanup(hs.Close)
	env := *a.Env
	env.Svc = svc
	return &App{Env: &env, Server: srv, HTTP: hs, URL: hs.URL, Config: a.Config}
}
