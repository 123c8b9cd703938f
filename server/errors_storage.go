package server

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// storageFailure tells whether an error means the database or the disk
// cannot serve now (unreachable database, full disk, read-only folder):
// the person gets a clear "unavailable" page (503) instead of a generic
// fault, and the log says which.
func storageFailure(err error) (reason string, ok bool) {
	var sqliteErr sqlite3.Error
	var opErr *net.OpError
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
	case errors.Is(err, sql.ErrConnDone), errors.Is(err, driver.ErrBadConn), errors.As(err, &opErr):
		return "database unreachable", true
	case strings.Contains(err.Error(), "database is closed"), strings.Contains(err.Error(), "connection refused"):
		return "database unreachable", true
	}
	return "", false
}
