package models

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// maxBatch bounds how many write transactions share one commit.
const maxBatch = 64

// errClosed is what a write gets after Close.
var errClosed = errors.New("database closed")

// sqliteWriter runs every SQLite write transaction of the process on one
// connection, in arrival order, from one goroutine. Left to SQLite's busy
// handler, concurrent writers poll with sleeps of up to 100 ms, which made
// the slowest saves under load wait hundreds of milliseconds; and one
// connection keeps its page cache, which SQLite empties whenever another
// connection has written.
//
// Writes that arrive while one is running are committed together (group
// commit): one BEGIN IMMEDIATE, each write in its own savepoint (so one
// that fails, such as a stale save, is undone alone), one COMMIT. Nobody
// hears back before the commit, so an answered save is on disk as surely
// as if it had committed alone.
type sqliteWriter struct {
	conn      *gorm.DB
	jobs      chan *writeJob
	quit      chan struct{}
	closeOnce sync.Once
	done      sync.WaitGroup
}

// writeJob is one write transaction waiting for the writer.
type writeJob struct {
	ctx    context.Context
	fn     func(tx *DB) error
	result chan error
}

func newSQLiteWriter(dataDir string, gcfg *gorm.Config) (*sqliteWriter, error) {
	conn, err := openSQLite(dataDir, gcfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	sqlDB, err := conn.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(1)
	sqlDB.SetMaxIdleConns(1)
	sqlDB.SetConnMaxIdleTime(0)
	w := &sqliteWriter{conn: conn, jobs: make(chan *writeJob, maxBatch), quit: make(chan struct{})}
	w.done.Add(1)
	go w.run()
	return w, nil
}

// do queues fn and waits for its outcome (or for ctx to end: fn may then
// still be committed, as a request whose client left may be).
func (w *sqliteWriter) do(ctx context.Context, fn func(tx *DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	job := &writeJob{ctx: ctx, fn: fn, result: make(chan error, 1)}
	select {
	case <-w.quit:
		return errClosed
	default:
	}
	select {
	case w.jobs <- job:
	case <-w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-job.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-w.quit:
		// The writer finishes the batch in hand before it stops.
		w.done.Wait()
		select {
		case err := <-job.result:
			return err
		default:
			return errClosed
		}
	}
}

func (w *sqliteWriter) run() {
	defer w.done.Done()
	for {
		select {
		case <-w.quit:
			return
		case job := <-w.jobs:
			batch := []*writeJob{job}
			for len(batch) < maxBatch && len(w.jobs) > 0 {
				batch = append(batch, <-w.jobs)
			}
			w.commit(batch)
		}
	}
}

// commit runs a batch in one transaction. If that transaction fails as a
// whole (a database error rather than one write's own refusal), each write
// runs again alone, so that each gets its own true outcome.
func (w *sqliteWriter) commit(batch []*writeJob) {
	if len(batch) == 1 {
		batch[0].result <- w.alone(batch[0])
		return
	}
	results := make([]error, len(batch))
	err := w.conn.Transaction(func(tx *gorm.DB) error {
		for i, job := range batch {
			if results[i] = job.ctx.Err(); results[i] != nil {
				continue
			}
			results[i] = runJob(job, func(fn func(*gorm.DB) error) error { return tx.Transaction(fn) })
			if isDatabaseFailure(results[i]) {
				return results[i]
			}
		}
		return nil
	})
	for i, job := range batch {
		switch {
		case err == nil:
		case job.ctx.Err() != nil:
			results[i] = job.ctx.Err()
		default:
			results[i] = w.alone(job)
		}
		job.result <- results[i]
	}
}

// alone runs one write in its own transaction.
func (w *sqliteWriter) alone(job *writeJob) error {
	return runJob(job, func(fn func(*gorm.DB) error) error { return w.conn.Transaction(fn) })
}

// runJob runs a write through begin (a transaction or a savepoint) with
// the job's context values but not its cancellation: interrupting SQLite
// mid-statement would roll back the whole shared transaction. A panic
// becomes the job's error rather than ending the writer.
func runJob(job *writeJob, begin func(func(*gorm.DB) error) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write transaction panicked: %v\n%s", p, debug.Stack())
		}
	}()
	ctx := context.WithoutCancel(job.ctx)
	return begin(func(tx *gorm.DB) error {
		return job.fn(&DB{DB: tx.WithContext(ctx), Dialect: SQLite})
	})
}

// isDatabaseFailure tells a failure of SQLite itself (disk full, I/O
// error, locked), after which the shared transaction may be gone, from a
// write's own refusal (stale version, not found, constraint).
func isDatabaseFailure(err error) bool {
	var serr sqlite3.Error
	if !errors.As(err, &serr) {
		return false
	}
	return serr.Code != sqlite3.ErrConstraint
}

func (w *sqliteWriter) close() {
	w.closeOnce.Do(func() {
		close(w.quit)
		w.done.Wait()
		if sqlDB, err := w.conn.DB(); err == nil {
			sqlDB.Close()
		}
	})
}
