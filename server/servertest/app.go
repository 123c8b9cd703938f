package servertest

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/server"
)

// The fixtures are domaintest's: the same password, users and hotlines.
const (
	Password    = domaintest.Password
	Secretariat = domaintest.Secretariat
	ManagerA    = domaintest.ManagerA
	ManagerB    = domaintest.ManagerB
	Reviewer1   = domaintest.Reviewer1
	Reviewer2   = domaintest.Reviewer2
)

// TestArgon2 is the fixtures' cheap password-hashing cost.
var TestArgon2 = domaintest.TestArgon2

// App is a running portal on a fresh database with fixtures: the domain
// service and its fixtures (domaintest.Env), served over HTTP.
type App struct {
	*domaintest.Env
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Config server.Config
}

// Options tune an app for a test.
type Options struct {
	// Configure changes the service options (limits, TTLs).
	Configure func(*assessments.Options)
	// Env sets PORTAL_* configuration variables.
	Env map[string]string
	// Log receives the portal's warnings and errors (slog text lines);
	// without it the log is discarded.
	Log io.Writer
}

// New builds and starts an app; it stops when the test ends.
func New(t testing.TB, opts ...Options) *App {
	t.Helper()
	env := map[string]string{"PORTAL_DATA_DIR": t.TempDir()}
	for _, o := range opts {
		for k, v := range o.Env {
			env[k] = v
		}
	}
	cfg, err := server.LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	so := cfg.ServiceOptions()
	configure := make([]func(*assessments.Options), 0, len(opts))
	for _, o := range opts {
		configure = append(configure, o.Configure)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, o := range opts {
		if o.Log != nil {
			log = slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))
		}
	}
	d := domaintest.NewLogged(t, &so, log, configure...)
	srv, err := server.New(cfg, d.Svc, log)
	if err != nil {
		t.Fatalf("build server: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &App{Env: d, Server: srv, HTTP: hs, URL: hs.URL, Config: cfg}
}

// SystemActor is the actor fixtures are created by.
func SystemActor() assessments.Actor { return domaintest.SystemActor() }

// PDF is a minimal valid PDF file for evidence uploads.
var PDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// MustAssessment starts an assessment for hotline A and returns its ID.
func MustAssessment(t testing.TB, a *App) string {
	t.Helper()
	return a.StartAssessment(ManagerA).ID
}
