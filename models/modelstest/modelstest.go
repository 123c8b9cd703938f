// Package modelstest opens a fresh database for one test: a temporary
// SQLite file, or a new schema on the PostgreSQL server named by
// PORTAL_TEST_DATABASE_URL, so that every test suite runs on both.
package modelstest

import (
	"os"
	"testing"

	"hotlineportal/models"
)

// PostgresURL is the PostgreSQL DSN tests run against, or "" for SQLite.
func PostgresURL() string { return os.Getenv("PORTAL_TEST_DATABASE_URL") }

// OpenDB opens a fresh, empty, unmigrated database for one test. It is
// closed (and the schema dropped) when the test ends.
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
	db := openInstance(t, dsn)
	t.Cleanup(drop)
	return db
}

// openInstance opens one more portal instance's connection to the
// PostgreSQL schema of dsn, as a serving instance does (with its
// authentication cache), closed when the test ends.
func openInstance(t testing.TB, dsn string) *models.DB {
	t.Helper()
	db, err := models.Open(models.OpenOptions{URL: dsn, CacheAuth: true})
	if err != nil {
		t.Fatalf("open postgres schema: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// MigratedPostgresPair opens two instances' connections to one fresh,
// migrated PostgreSQL schema, for tests of what one instance sees of the
// other's changes. It skips the test without PORTAL_TEST_DATABASE_URL.
func MigratedPostgresPair(t testing.TB) (a, b *models.DB) {
	t.Helper()
	if PostgresURL() == "" {
		t.Skip("needs PostgreSQL (PORTAL_TEST_DATABASE_URL)")
	}
	dsn, drop, err := models.ScratchSchema(PostgresURL(), "t_")
	if err != nil {
		t.Fatalf("postgres (PORTAL_TEST_DATABASE_URL): %v", err)
	}
	t.Cleanup(drop)
	a = openInstance(t, dsn)
	if _, err := a.MigrateUp(t.Context()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return a, openInstance(t, dsn)
}

// MigratedDB is OpenDB with every migration applied.
func MigratedDB(t testing.TB) *models.DB {
	t.Helper()
	db := OpenDB(t)
	if _, err := db.MigrateUp(t.Context()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
