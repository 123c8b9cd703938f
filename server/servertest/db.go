// Package servertest builds a complete portal on a fresh temporary
// database, with fixture users for every role, for tests through HTTP. Set
// PORTAL_TEST_DATABASE_URL to run the same tests on PostgreSQL (each test
// app gets its own schema, dropped afterwards).
package servertest

import (
	"testing"

	"hotlineportal/models"
	"hotlineportal/models/modelstest"
)

// PostgresSchemaDSN creates a fresh, empty schema on the test PostgreSQL
// server and returns a DSN pointing at it, for running the real binary
// against it; the schema is dropped when the test ends.
func PostgresSchemaDSN(t testing.TB) string {
	t.Helper()
	dsn, drop, err := models.ScratchSchema(modelstest.PostgresURL(), "t_")
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(drop)
	return dsn
}
