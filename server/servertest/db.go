// Package servertest builds a complete portal on a fresh temporary
// database, with fixture users for every role, for tests through HTTP. Set
// PORTAL_TEST_DATABASE_URL to run the same tests on PostgreSQL (each test
// app gets its own schema, dropped afterwards).
package servertest

import (
	"os"
	"testing"

	"hotlineportal/models"
)

// PostgresURL is the PostgreSQL DSN tests run against, or "" for SQLite.
func PostgresURL() string { return os.Getenv("PORTAL_TEST_DATABASE_URL") }

// OpenDB opens a fresh, empty, unmigrated database for one test: a temp
// SQLite file, or a new PostgreSQL schema when PORTAL_TEST_DATABASE_URL is
// set. It is closed (and the schema dropped) when the test ends.
func OpenDB(t testing.TB) *models.DB {
	t.Helper()
	pg := PostgresURL()
	if pg == "" {
		db, err := models.Open(models.OpenOptions{DataDir: t.TempDir()})
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	dsn, drop, err := models.ScratchSchema(pg, "t_")
	if err != nil {
		t.Fatalf("postgres (PORTAL_TEST_DATABASE_URL): %v", err)
	}
	db, err := models.Open(models.OpenOptions{URL: dsn})
	if err != nil {
		drop()
		t.Fatalf("open postgres schema: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		drop()
	})
	return db
}

// PostgresSchemaDSN creates a fresh, empty schema on the test PostgreSQL
// server and returns a DSN pointing at it, for running the real binary
// against it; the schema is dropped when the test ends.
func PostgresSchemaDSN(t testing.TB) string {
	t.Helper()
	dsn, drop, err := models.ScratchSchema(PostgresURL(), "t_")
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(drop)
	return dsn
}
