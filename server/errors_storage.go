package server

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// storageRetryAfter is when to try again, in seconds, after the database
// or the disk could not serve: a PostgreSQL restart takes a few seconds.
const storageRetryAfter = 5

// storageFailure tells whether an error means the database or the disk
// cannot serve now (unreachable or restarting database, full disk,
// read-only folder): the person gets a clear "unavailable" answer (503
// with Retry-After) instead of a generic fault, and the log says which.
func storageFailure(err error) (reason string, ok bool) {
	if err == nil {
		return "", false
	}
	if reason, ok := diskFailure(err); ok {
		return reason, true
	}
	return postgresFailure(err)
}

// diskFailure recognises a full or read-only disk, and SQLite's errors.
func diskFailure(err error) (reason string, ok bool) {
	var sqliteErr sqlite3.Error
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "disk full", true
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES):
		return "data folder not writable", true
	case errors.As(err, &sqliteErr) && (sqliteErr.Code == sqlite3.ErrFull || sqliteErr.SystemErrno == syscall.ENOSPC):
		return "disk full (SQLite)", true
	case errors.As(err, &sqliteErr) && (sqliteErr.Code == sqlite3.ErrReadonly || sqliteErr.Code == sqlite3.ErrCantOpen ||
		sqliteErr.SystemErrno == syscall.EROFS || sqliteErr.SystemErrno == syscall.EACCES):
		return "database not writable (SQLite)", true
	case errors.As(err, &sqliteErr) && sqliteErr.Code == sqlite3.ErrIoErr:
		return "disk error (SQLite)", true
	}
	return "", false
}

// postgresFailure recognises a PostgreSQL server that is restarting or out
// of reach, as pgx reports it: the server's own refusals while it shuts
// down or starts (SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now, class 08 connection exceptions, 53300 too many
// connections), a connection that failed or was cut (refused, reset, end
// of stream, closed), and a dial or a query that timed out.
func postgresFailure(err error) (reason string, ok bool) {
	var pgErr *pgconn.PgError
	var connectErr *pgconn.ConnectError
	// A *net.OpError, not any net.Error: every syscall.Errno is a
	// net.Error, so a missing file (ENOENT) would pass for a database that
	// cannot be reached.
	var netErr *net.OpError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "57P01", pgErr.Code == "57P02":
			return "database shutting down", true
		case pgErr.Code == "57P03":
			return "database starting", true
		case strings.HasPrefix(pgErr.Code, "08"):
			return "database connection failed", true
		case pgErr.Code == "53300":
			return "database connections exhausted", true
		}
		return "", false
	}
	switch {
	case errors.As(err, &connectErr):
		return "database unreachable", true
	case pgconn.Timeout(err):
		return "database did not answer in time", true
	case errors.Is(err, sql.ErrConnDone), errors.Is(err, driver.ErrBadConn), errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.As(err, &netErr):
		return "database unreachable", true
	}
	msg := err.Error()
	for _, s := range []string{"database is closed", "connection refused", "failed to connect", "conn closed", "unexpected EOF",
		"connection reset by peer", "broken pipe"} {
		if strings.Contains(msg, s) {
			return "database unreachable", true
		}
	}
	return "", false
}
