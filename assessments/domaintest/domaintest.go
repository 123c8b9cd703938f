// Package domaintest builds the domain service on a fresh database with a
// fixture user of every role and two hotlines, for tests of the rules
// without HTTP. servertest builds its test portal on the same fixtures.
package domaintest

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence/blobtest"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/models/modelstest"
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

// Env is the domain service on a fresh, migrated database with fixtures.
type Env struct {
	T        testing.TB
	DB       *models.DB
	Svc      *assessments.Service
	Users    map[string]*models.User
	HotlineA *models.Hotline // Greek, phone+chat+email+web
	HotlineB *models.Hotline // Bulgarian, phone only
	Clock    *Clock
}

// Clock is a settable clock: the real time plus an offset.
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

// New builds the service with base options (DefaultOptions when nil) made
// cheap and clocked for tests, then changed by configure, and seeds the
// fixtures. Everything is closed when the test ends.
func New(t testing.TB, base *assessments.Options, configure ...func(*assessments.Options)) *Env {
	t.Helper()
	return NewLogged(t, base, slog.New(slog.NewTextHandler(io.Discard, nil)), configure...)
}

// NewLogged is New with the service logging to log, for tests that check
// what the portal logs.
func NewLogged(t testing.TB, base *assessments.Options, log *slog.Logger, configure ...func(*assessments.Options)) *Env {
	t.Helper()
	db := modelstest.MigratedDB(t)
	clock := &Clock{}
	so := assessments.DefaultOptions()
	if base != nil {
		so = *base
	}
	if so.EvidenceDir == "" || so.EvidenceDir == assessments.DefaultOptions().EvidenceDir {
		so.EvidenceDir = t.TempDir()
	}
	if so.Files == nil && blobtest.UseS3() {
		so.Files = blobtest.NewS3(t) // PORTAL_TEST_BLOB_STORE=s3: every test's files in a bucket of its own
	}
	so.Argon2 = TestArgon2
	so.Now = clock.Now
	so.AddressFailures = 12
	for _, c := range configure {
		if c != nil {
			c(&so)
		}
	}
	svc, err := assessments.NewService(db, messages.MustLoad(), log, so)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureDefaultFramework(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := &Env{T: t, DB: db, Svc: svc, Users: map[string]*models.User{}, Clock: clock}
	e.seed()
	return e
}

// SystemActor is the actor fixtures are created by.
func SystemActor() assessments.Actor {
	return assessments.Actor{User: &models.User{Role: models.RoleSecretariat, Email: "fixtures"}, IP: "test"}
}

// Actor is a fixture user acting.
func (e *Env) Actor(key string) assessments.Actor {
	return assessments.Actor{User: e.Users[key], IP: "test"}
}

func (e *Env) seed() {
	ctx := context.Background()
	sys := SystemActor()
	var err error
	e.HotlineA, err = e.Svc.CreateHotline(ctx, sys, assessments.HotlineInput{
		Name: "Το Χαμόγελο του Παιδιού", EnglishName: "The Smile of the Child", Country: "GR",
		Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"el", "en"},
	})
	if err != nil {
		e.T.Fatalf("fixture hotline A: %v", err)
	}
	e.HotlineB, err = e.Svc.CreateHotline(ctx, sys, assessments.HotlineInput{
		Name: "Фондация „Център Надя“", EnglishName: "Center Nadja", Country: "BG", Channels: []string{"phone"}, Languages: []string{"bg"},
	})
	if err != nil {
		e.T.Fatalf("fixture hotline B: %v", err)
	}
	fixtures := []struct {
		key string
		in  assessments.UserInput
	}{
		{Secretariat, assessments.UserInput{Email: "secretariat@test.example", Name: "Sam Secretariat", Role: "secretariat", Country: "BE"}},
		{ManagerA, assessments.UserInput{Email: "manager.a@test.example", Name: "Ελένη Manager", Role: "manager", HotlineID: e.HotlineA.ID, Country: "GR"}},
		{ManagerB, assessments.UserInput{Email: "manager.b@test.example", Name: "Мария Manager", Role: "manager", HotlineID: e.HotlineB.ID, Country: "BG"}},
		{Reviewer1, assessments.UserInput{Email: "reviewer.1@test.example", Name: "Rita Reviewer", Role: "reviewer", Country: "LT", Language: "fr"}},
		{Reviewer2, assessments.UserInput{Email: "reviewer.2@test.example", Name: "Rui Reviewer", Role: "reviewer", Country: "PT"}},
	}
	for _, f := range fixtures {
		u, err := e.Svc.CreateUserWithPassword(ctx, sys, f.in, Password)
		if err != nil {
			e.T.Fatalf("fixture user %s: %v", f.key, err)
		}
		e.Users[f.key] = u
	}
}

// Outbox returns the queued emails to an address, oldest first.
func (e *Env) Outbox(to string) []models.OutboxMessage {
	e.T.Helper()
	var msgs []models.OutboxMessage
	if err := e.DB.Where("to_address = ?", strings.ToLower(to)).Order("created_at, id").Find(&msgs).Error; err != nil {
		e.T.Fatal(err)
	}
	return msgs
}

// AuditCount counts audit entries with an action.
func (e *Env) AuditCount(action string) int64 {
	e.T.Helper()
	var n int64
	if err := e.DB.Model(&models.AuditEntry{}).Where("action = ?", action).Count(&n).Error; err != nil {
		e.T.Fatal(err)
	}
	return n
}

// StartAssessment opens an assessment for a fixture manager's hotline.
func (e *Env) StartAssessment(managerKey string) *models.Assessment {
	e.T.Helper()
	u := e.Users[managerKey]
	as, err := e.Svc.StartAssessment(context.Background(), assessments.Actor{User: u, IP: "test"}, *u.HotlineID)
	if err != nil {
		e.T.Fatalf("start assessment: %v", err)
	}
	return as
}
