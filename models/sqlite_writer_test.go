package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"hotlineportal/models"
)

// Many concurrent write transactions, some refusing, one panicking and one
// failing in SQLite itself, share commits on SQLite: each gets its own
// outcome, and exactly the accepted ones are in the database.
func TestWriteTransactionsShareCommitsButNotOutcomes(t *testing.T) {
	ctx := context.Background()
	db, err := models.Open(models.OpenOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	errRefused := errors.New("refused")
	type outcome int
	const (
		kept outcome = iota
		refused
		panicked
		failed
	)
	kinds := []struct {
		name string
		want outcome
		fn   func(tx *models.DB, i int) error
	}{
		{"accepted", kept, func(tx *models.DB, i int) error {
			return tx.Exec("INSERT INTO notes (id, body) VALUES (?, ?)", i, "kept").Error
		}},
		{"refused after writing", refused, func(tx *models.DB, i int) error {
			if err := tx.Exec("INSERT INTO notes (id, body) VALUES (?, ?)", i, "undone").Error; err != nil {
				return err
			}
			return errRefused
		}},
		{"panics after writing", panicked, func(tx *models.DB, i int) error {
			if err := tx.Exec("INSERT INTO notes (id, body) VALUES (?, ?)", i, "undone").Error; err != nil {
				return err
			}
			panic("boom")
		}},
		{"database error", failed, func(tx *models.DB, i int) error {
			return tx.Exec("INSERT INTO no_such_table (id) VALUES (?)", i).Error
		}},
	}
	const n = 400
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.WriteTx(ctx, func(tx *models.DB) error { return kinds[i%len(kinds)].fn(tx, i) })
		}()
	}
	wg.Wait()
	for i, err := range errs {
		k := kinds[i%len(kinds)]
		var body string
		found := db.Raw("SELECT body FROM notes WHERE id = ?", i).Scan(&body).RowsAffected == 1
		switch k.want {
		case kept:
			if err != nil || !found || body != "kept" {
				t.Errorf("%s %d: err %v, found %v %q", k.name, i, err, found, body)
			}
		case refused:
			if !errors.Is(err, errRefused) || found {
				t.Errorf("%s %d: err %v, found %v", k.name, i, err, found)
			}
		case panicked, failed:
			if err == nil || found {
				t.Errorf("%s %d: err %v, found %v", k.name, i, err, found)
			}
		}
	}
	var count int64
	db.Raw("SELECT COUNT(*) FROM notes").Scan(&count)
	if want := int64(n / len(kinds)); count != want {
		t.Errorf("%d rows, want %d", count, want)
	}
}

// A write transaction after Close, or whose caller has gone, is refused
// rather than left waiting.
func TestWriteTransactionRefusals(t *testing.T) {
	db, err := models.Open(models.OpenOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	noop := func(*models.DB) error { return nil }
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.WriteTx(cancelled, noop); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v", err)
	}
	db.Close()
	if err := db.WriteTx(context.Background(), noop); err == nil {
		t.Error("write after Close succeeded")
	}
}
