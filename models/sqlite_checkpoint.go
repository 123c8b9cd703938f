package models

import (
	"database/sql"
	"log/slog"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// sqliteDriver is the SQLite driver of the portal's own connections: it
// turns SQLite's automatic checkpoints off on each, because an automatic
// checkpoint runs inside the commit that crosses the threshold, with its
// fsyncs, and so made that save (and every save queued behind it) wait.
// The checkpointer does the work in the background instead.
const sqliteDriver = "sqlite3_portal"

var registerDriver sync.Once

func openSQLite(path string, gcfg *gorm.Config) (*gorm.DB, error) {
	registerDriver.Do(func() {
		sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
			return err
		}})
	})
	return gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: sqliteDSN(path)}), gcfg)
}

// checkpointEvery is how often the checkpointer copies the write-ahead log
// into the database file.
const checkpointEvery = time.Second

// checkpointer runs a PASSIVE checkpoint every second on a pool
// connection: it copies what no reader still needs and never blocks
// readers or the writer, which goes on appending to the log meanwhile.
type checkpointer struct {
	stop chan struct{}
	done sync.WaitGroup
}

func startCheckpointer(db *gorm.DB, log *slog.Logger) *checkpointer {
	c := &checkpointer{stop: make(chan struct{})}
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				if err := db.Exec("PRAGMA wal_checkpoint(PASSIVE)").Error; err != nil && log != nil {
					log.Warn("sqlite checkpoint", "err", err)
				}
			}
		}
	}()
	return c
}

func (c *checkpointer) close() {
	close(c.stop)
	c.done.Wait()
}
