package models

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// compileCounts counts SQLite's authorizer callbacks, which run only while
// a statement is being compiled: a count that grows when the same query
// runs again means SQLite prepares it afresh each time.
var compileCounts atomic.Int64

func init() {
	sql.Register("sqlite3-compile-count", &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			c.RegisterAuthorizer(func(int, string, string, string) int {
				compileCounts.Add(1)
				return sqlite3.SQLITE_OK
			})
			return nil
		},
	})
}

// The queries on the autosave path must stay prepared between runs. With
// go-sqlite3 v1.14.53 (SQLite 3.54.1) every query with a join or a
// parameter compared to an unindexed column was compiled again on each
// run, because the driver clears bindings before binding anew and SQLite
// 3.54 expires such statements when bindings are cleared; that tripled the
// cost of an API token lookup. This test fails if a driver upgrade brings
// that back.
func TestHotQueriesStayPrepared(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	migrated, err := Open(OpenOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrated.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	migrated.Close()

	sqlDB, err := sql.Open("sqlite3-compile-count", sqliteDSN(SQLitePath(dir)))
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	sqlDB.SetMaxOpenConns(1)
	gdb, err := gorm.Open(sqlite.New(sqlite.Config{Conn: sqlDB}), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	db := &DB{DB: gdb, Dialect: SQLite}
	level := "met"
	queries := []struct {
		name string
		run  func() error
	}{
		{"token lookup", func() error {
			_, err := UserByTokenHash(ctx, db, "hash", time.Now())
			return ignoreNotFound(err)
		}},
		{"user by ID", func() error {
			_, err := UserByID(ctx, db, "id")
			return ignoreNotFound(err)
		}},
		{"answer read", func() error {
			_, _, err := ReadAnswerForSave(ctx, db, "assessment", "LEG-01", "hotline")
			return ignoreNotFound(err)
		}},
		{"answer update", func() error {
			_, err := db.exec(ctx, saveAnswerSQL, &level, "text", "en", 4, "user", time.Now(), "answer", 3, false, "assessment", StatusDraft)
			return err
		}},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			if err := q.run(); err != nil {
				t.Fatal(err)
			}
			before := compileCounts.Load()
			for range 20 {
				if err := q.run(); err != nil {
					t.Fatal(err)
				}
			}
			if n := compileCounts.Load() - before; n != 0 {
				t.Errorf("20 more runs compiled the query again (%d authorizer calls); see the comment on this test", n)
			}
		})
	}
}

// The hot queries find their rows through indexes: no whole-table read,
// whatever the size of the network.
func TestHotQueriesUseIndexes(t *testing.T) {
	db, err := Open(OpenOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		name string
		sql  string
		args []any
	}{
		{"user by ID", userByIDSQL, []any{"id"}},
		{"token lookup", userByTokenSQL, []any{"hash", time.Now(), false}},
		{"answer read", readAnswerSQL, []any{"assessment", "LEG-01", "hotline"}},
		{"answer update", saveAnswerSQL, []any{"met", "text", "en", 2, "user", time.Now(), "answer", 1, false, "assessment", StatusDraft}},
	}
	for _, q := range queries {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN "+q.sql, q.args...).Scan(&plan).Error; err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		for _, p := range plan {
			if strings.HasPrefix(p.Detail, "SCAN ") && !strings.Contains(p.Detail, " INDEX ") {
				t.Errorf("%s: %s", q.name, p.Detail)
			}
		}
	}
}

func ignoreNotFound(err error) error {
	if err == ErrNotFound {
		return nil
	}
	return err
}
