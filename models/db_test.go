package models_test

import (
	"context"
	"testing"

	"hotlineportal/models"
)

// Every SQLite connection, the read pool's and the writer's, carries the
// settings the portal relies on: WAL without a sync on each commit,
// foreign keys, and temporary files (savepoint journals) in memory.
func TestSQLiteConnectionSettings(t *testing.T) {
	db, err := models.Open(models.OpenOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := []struct {
		pragma string
		value  string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "1"},
		{"foreign_keys", "1"},
		{"temp_store", "2"},
	}
	read := func(q *models.DB, pragma string) string {
		var v string
		if err := q.Raw("PRAGMA " + pragma).Row().Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, w := range want {
		if got := read(db, w.pragma); got != w.value {
			t.Errorf("read pool: %s = %s, want %s", w.pragma, got, w.value)
		}
		err := db.WriteTx(context.Background(), func(tx *models.DB) error {
			if got := read(tx, w.pragma); got != w.value {
				t.Errorf("writer: %s = %s, want %s", w.pragma, got, w.value)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
