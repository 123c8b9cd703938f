package server

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// What pgx reports while PostgreSQL shuts down, restarts or is out of
// reach must answer 503 with Retry-After; the server's other refusals,
// and other faults, must not.
func TestStorageFailureClassifiesDatabaseOutages(t *testing.T) {
	pg := func(code string) error {
		return fmt.Errorf("save answer: %w", &pgconn.PgError{Severity: "FATAL", Code: code})
	}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"57P01 admin_shutdown", pg("57P01"), true},
		{"57P02 crash_shutdown", pg("57P02"), true},
		{"57P03 cannot_connect_now", pg("57P03"), true},
		{"08006 connection_failure", pg("08006"), true},
		{"08001 unable to connect", pg("08001"), true},
		{"53300 too_many_connections", pg("53300"), true},
		{"unexpected EOF", fmt.Errorf("read answer: %w", io.ErrUnexpectedEOF), true},
		{"conn closed", fmt.Errorf("query: %w", pgconn.ErrConnClosed), true},
		{"connection reset", fmt.Errorf("write: %w", &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}), true},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"bad connection", fmt.Errorf("exec: %w", driver.ErrBadConn), true},
		{"connection done", sql.ErrConnDone, true},
		{"23505 unique_violation", pg("23505"), false},
		{"40001 serialization_failure", pg("40001"), false},
		{"42P01 undefined_table", pg("42P01"), false},
		{"a plain fault", errors.New("template missing"), false},
		{"no error", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkStorageFailure(t, c.err, c.want) })
	}
}

// The same, with the errors pgx really returns through database/sql (as
// the portal uses it): a refused connection, a server refusing during
// start-up with 57P03 or shutting down with 57P01, a connection cut
// during the handshake, and a dial that times out.
func TestStorageFailureClassifiesRealConnectionErrors(t *testing.T) {
	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return addr
	}
	cases := []struct {
		name string
		addr func() string
	}{
		{"refused", refused},
		{"57P03 while starting", fakePostgres(t, func(c net.Conn) { refuseStartup(c, "57P03", "the database system is starting up") })},
		{"57P01 while shutting down", fakePostgres(t, func(c net.Conn) { refuseStartup(c, "57P01", "terminating connection due to administrator command") })},
		{"cut during the handshake", fakePostgres(t, func(c net.Conn) { c.Close() })},
		{"no answer (dial timeout)", fakePostgres(t, func(c net.Conn) { time.Sleep(2 * time.Second); c.Close() })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			host, port, _ := net.SplitHostPort(c.addr())
			db, err := sql.Open("pgx", fmt.Sprintf("host=%s port=%s user=portal dbname=portal sslmode=disable connect_timeout=1", host, port))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = db.PingContext(ctx)
			if err == nil {
				t.Fatal("ping succeeded")
			}
			checkStorageFailure(t, err, true)
		})
	}
}

// checkStorageFailure checks storageFailure's verdict and that classify
// answers 503 with Retry-After for an outage, and not 503 otherwise.
func checkStorageFailure(t *testing.T, err error, want bool) {
	t.Helper()
	reason, ok := storageFailure(err)
	if ok != want {
		t.Fatalf("storageFailure(%v) = %q, %v; want %v", err, reason, ok, want)
	}
	if err == nil {
		return
	}
	f := classify(err)
	if want && (f.status != 503 || f.retryAfter <= 0 || f.code != "unavailable") {
		t.Fatalf("classify(%v) = %d %s, Retry-After %d; want 503 unavailable with Retry-After", err, f.status, f.code, f.retryAfter)
	}
	if !want && f.status == 503 {
		t.Fatalf("classify(%v) = 503; want another status", err)
	}
}

// fakePostgres listens on loopback and hands every connection to serve;
// it returns a function giving its address.
func fakePostgres(t *testing.T, serve func(net.Conn)) func() string {
	return func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go serve(c)
			}
		}()
		return ln.Addr().String()
	}
}

// refuseStartup reads a client's start-up message and answers a FATAL
// error with code, as PostgreSQL does while it starts or shuts down.
func refuseStartup(c net.Conn, code, message string) {
	defer c.Close()
	be := pgproto3.NewBackend(c, c)
	if _, err := be.ReceiveStartupMessage(); err != nil {
		return
	}
	be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: code, Message: message})
	_ = be.Flush()
}

// A file that is not there, or any other error of the operating system
// that is not about a connection, is not the database being away.
func TestMissingFileIsNotAnOutage(t *testing.T) {
	for _, err := range []error{
		&fs.PathError{Op: "open", Path: "0123", Err: syscall.ENOENT},
		fmt.Errorf("read certificate: %w", &fs.PathError{Op: "open", Path: "x", Err: syscall.EISDIR}),
	} {
		if reason, ok := storageFailure(err); ok {
			t.Errorf("%v taken for an outage (%s)", err, reason)
		}
	}
}
