// Package servertest builds a complete portal on a fresh temporary
// database, with fixture users for every role, for tests through HTTP. Set
// PORTAL_TEST_DATABASE_URL to run the same tests on PostgreSQL (each test
// app gets its own schema, dropped afterwards).
package servertest

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
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
	admin, err := models.Open(models.OpenOptions{URL: pg})
	if err != nil {
		t.Fatalf("open postgres (PORTAL_TEST_DATABASE_URL): %v", err)
	}
	schema := "t_" + randomHex(8)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	db, err := models.Open(models.OpenOptions{URL: withSearchPath(pg, schema)})
	if err != nil {
		t.Fatalf("open postgres schema: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = admin.Close()
	})
	return db
}

// withSearchPath points a PostgreSQL DSN (URL or key=value) at a schema.
func withSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PostgresSchemaDSN creates a fresh, empty schema on the test PostgreSQL
// server and returns a DSN pointing at it, for running the real binary
// against it; the schema is dropped when the test ends.
func PostgresSchemaDSN(t testing.TB) string {
	t.Helper()
	admin, err := models.Open(models.OpenOptions{URL: PostgresURL()})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	schema := "t_" + randomHex(8)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = admin.Close()
	})
	return withSearchPath(PostgresURL(), schema)
}
