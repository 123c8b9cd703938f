package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server"
)

// Password is the password of every fixture user.
const Password = "fixture-password-for-tests"

// TestArgon2 is a cheap argon2id cost so that tests that sign in often stay
// fast; hashes carry their parameters, so production cost is unaffected.
var TestArgon2 = assessments.Argon2Params{Memory: 4 * 1024, Time: 1, Threads: 1}

// Fixture user keys.
const (
	Secretariat = "secretariat"
	ManagerA    = "managerA" // manages HotlineA
	ManagerB    = "managerB" // manages HotlineB
	Reviewer1   = "reviewer1"
	Reviewer2   = "reviewer2"
)

// App is a running portal on a fresh database with fixtures.
type App struct {
	T        testing.TB
	DB       *models.DB
	Svc      *assessments.Service
	Server   *server.Server
	HTTP     *httptest.Server
	URL      string
	Config   server.Config
	Users    map[string]*models.User
	HotlineA *models.Hotline // Greek, phone+chat+email+web
	HotlineB *models.Hotline // Bulgarian, phone only
	Clock    *Clock
}

// Clock is a settable clock for expiry tests.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the real time plus the offset.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
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
	db := OpenDB(t)
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	clock := &Clock{}
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
	so.Argon2 = TestArgon2
	so.Now = clock.Now
	so.AddressFailures = 12
	for _, o := range opts {
		if o.Configure != nil {
			o.Configure(&so)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, o := range opts {
		if o.Log != nil {
			log = slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))
		}
	}
	svc, err := assessments.NewService(db, messages.MustLoad(), log, so)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureDefaultFramework(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg, svc, log)
	if err != nil {
		t.Fatalf("build server: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	a := &App{T: t, DB: db, Svc: svc, Server: srv, HTTP: hs, URL: hs.URL, Config: cfg, Users: map[string]*models.User{}, Clock: clock}
	a.seed()
	return a
}

// SystemActor is the actor fixtures are created by.
func SystemActor() assessments.Actor {
	return assessments.Actor{User: &models.User{Role: models.RoleSecretariat, Email: "fixtures"}, IP: "test"}
}

func (a *App) seed() {
	ctx := context.Background()
	sys := SystemActor()
	var err error
	a.HotlineA, err = a.Svc.CreateHotline(ctx, sys, assessments.HotlineInput{
		Name: "Το Χαμόγελο του Παιδιού", EnglishName: "The Smile of the Child", Country: "GR",
		Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"el", "en"},
	})
	if err != nil {
		a.T.Fatalf("fixture hotline A: %v", err)
	}
	a.HotlineB, err = a.Svc.CreateHotline(ctx, sys, assessments.HotlineInput{
		Name: "Фондация „Център Надя“", EnglishName: "Center Nadja", Country: "BG", Channels: []string{"phone"}, Languages: []string{"bg"},
	})
	if err != nil {
		a.T.Fatalf("fixture hotline B: %v", err)
	}
	fixtures := []struct {
		key string
		in  assessments.UserInput
	}{
		{Secretariat, assessments.UserInput{Email: "secretariat@test.example", Name: "Sam Secretariat", Role: "secretariat", Country: "BE"}},
		{ManagerA, assessments.UserInput{Email: "manager.a@test.example", Name: "Ελένη Manager", Role: "manager", HotlineID: a.HotlineA.ID, Country: "GR"}},
		{ManagerB, assessments.UserInput{Email: "manager.b@test.example", Name: "Мария Manager", Role: "manager", HotlineID: a.HotlineB.ID, Country: "BG"}},
		{Reviewer1, assessments.UserInput{Email: "reviewer.1@test.example", Name: "Rita Reviewer", Role: "reviewer", Country: "LT", Language: "fr"}},
		{Reviewer2, assessments.UserInput{Email: "reviewer.2@test.example", Name: "Rui Reviewer", Role: "reviewer", Country: "PT"}},
	}
	for _, f := range fixtures {
		u, err := a.Svc.CreateUserWithPassword(ctx, sys, f.in, Password)
		if err != nil {
			a.T.Fatalf("fixture user %s: %v", f.key, err)
		}
		a.Users[f.key] = u
	}
}

// Outbox returns the queued emails to an address, oldest first.
func (a *App) Outbox(to string) []models.OutboxMessage {
	a.T.Helper()
	var msgs []models.OutboxMessage
	if err := a.DB.Where("to_address = ?", strings.ToLower(to)).Order("created_at, id").Find(&msgs).Error; err != nil {
		a.T.Fatal(err)
	}
	return msgs
}

// AuditCount counts audit entries with an action.
func (a *App) AuditCount(action string) int64 {
	a.T.Helper()
	var n int64
	if err := a.DB.Model(&models.AuditEntry{}).Where("action = ?", action).Count(&n).Error; err != nil {
		a.T.Fatal(err)
	}
	return n
}

// StartAssessment opens an assessment for a fixture manager's hotline.
func (a *App) StartAssessment(managerKey string) *models.Assessment {
	a.T.Helper()
	u := a.Users[managerKey]
	as, err := a.Svc.StartAssessment(context.Background(), assessments.Actor{User: u, IP: "test"}, *u.HotlineID)
	if err != nil {
		a.T.Fatalf("start assessment: %v", err)
	}
	return as
}

// PDF is a minimal valid PDF file for evidence uploads.
var PDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// MustAssessment starts an assessment for hotline A and returns its ID.
func MustAssessment(t testing.TB, a *App) string {
	t.Helper()
	return a.StartAssessment(ManagerA).ID
}
