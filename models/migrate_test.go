package models_test

import (
	"context"
	"hotlineportal/models/modelstest"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"hotlineportal/migrations"
	"hotlineportal/models"
)

// A fresh database migrates to the head and one step down, on SQLite and
// (with PORTAL_TEST_DATABASE_URL) on PostgreSQL.
func TestMigrateUpAndDown(t *testing.T) {
	ctx := context.Background()
	db := modelstest.OpenDB(t)
	applied, err := db.MigrateUp(ctx)
	if err != nil || len(applied) == 0 {
		t.Fatalf("up: %v %v", applied, err)
	}
	head, err := db.SchemaVersion(ctx)
	if err != nil || head < 1 {
		t.Fatalf("version after up: %d %v", head, err)
	}
	if again, err := db.MigrateUp(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second up applied %v (%v)", again, err)
	}
	status, err := db.MigrationStatus(ctx)
	if err != nil || !strings.Contains(strings.Join(status, "\n"), "applied") {
		t.Fatalf("status: %v %v", status, err)
	}
	if _, err := db.MigrateDown(ctx); err != nil {
		t.Fatalf("down: %v", err)
	}
	if v, _ := db.SchemaVersion(ctx); v != previousMigration(t, head) {
		t.Fatalf("version after down: %d, want %d", v, previousMigration(t, head))
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}

// previousMigration is the version of the migration before head, a file
// or the Go migration of the authentication cache's triggers: versions may
// have gaps while work from several branches lands.
func previousMigration(t *testing.T, head int64) int64 {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var prev int64
	if models.AuthNotifyVersion < head {
		prev = models.AuthNotifyVersion
	}
	for _, n := range names {
		v, err := strconv.ParseInt(strings.SplitN(n, "_", 2)[0], 10, 64)
		if err == nil && v < head && v > prev {
			prev = v
		}
	}
	return prev
}
