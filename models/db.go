// Package models holds the GORM models, the queries on them, and the opening
// and migrating of the SQLite or PostgreSQL database.
package models

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"hotlineportal/migrations"
)

// Dialect names the database engine behind a connection.
type Dialect string

// The two engines the portal supports.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the portal's database handle: GORM plus the dialect it speaks.
type DB struct {
	*gorm.DB
	Dialect Dialect
	// writer runs SQLite's write transactions (nil on PostgreSQL); see
	// WriteTx.
	writer *sqliteWriter
	// auth caches who calls, on PostgreSQL (nil on SQLite, and in a
	// transaction); see authCache.
	auth *authCache
}

// OpenOptions says which database to open.
type OpenOptions struct {
	// URL is a PostgreSQL DSN; empty means the embedded SQLite default.
	URL string
	// DataDir holds portal.db when URL is empty.
	DataDir string
	// MaxConns bounds the PostgreSQL connections of this process
	// (DefaultMaxConns when zero): with several instances, their sum must
	// stay under the server's max_connections.
	MaxConns int
	// Logger receives slow-query warnings.
	Logger *slog.Logger
	// CacheAuth keeps who calls in memory on PostgreSQL (see authCache):
	// for a serving instance, not for one-off commands.
	CacheAuth bool
}

// DefaultMaxConns is how many PostgreSQL connections an instance keeps
// open at most unless told otherwise. Ten, after PostgreSQL's own rule of
// thumb (about twice the database server's cores): more backends than
// cores only take turns. Measured with the load tool on two cores, 32
// clients autosaving went from 0.59 to 0.62 of the floor (each side
// with the same pool), and two instances stay at 20 connections.
const DefaultMaxConns = 10

// SQLitePath is where the embedded database lives inside a data directory.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "portal.db") }

// sqliteDSN sets WAL, foreign keys and BEGIN IMMEDIATE: a read-then-write
// transaction with a deferred BEGIN gets "database is locked" at once,
// whatever the busy timeout. Each connection keeps its prepared statements
// (GORM sends the same few SQL texts over and over; preparing them was a
// sixth of an autosave's CPU). database/sql never shares a connection
// between goroutines, so SQLite's own per-call locking is left out
// (_mutex=no).
func sqliteDSN(path string) string {
	return "file:" + path + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=10000&_txlock=immediate&_foreign_keys=on&_stmt_cache_size=64&_mutex=no"
}

// sqliteDriver is go-sqlite3 with the settings its DSN cannot carry. Temp
// files go to memory: the writer's savepoints (see sqliteWriter) keep a
// statement journal, which otherwise is a file under /var/tmp written on
// every save, a fifth of the portal's CPU under an autosave load.
const sqliteDriver = "sqlite3_portal"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
		return err
	}})
}

// openSQLite opens the SQLite database of dataDir through sqliteDriver.
func openSQLite(dataDir string, gcfg *gorm.Config) (*gorm.DB, error) {
	return gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: sqliteDSN(SQLitePath(dataDir))}), gcfg)
}

// Open connects to PostgreSQL when a URL is given, else to SQLite under
// DataDir (creating the directory), and checks the connection.
func Open(opts OpenOptions) (*DB, error) {
	gcfg := &gorm.Config{
		NowFunc:        func() time.Time { return time.Now().UTC() },
		Logger:         newGormLogger(opts.Logger),
		TranslateError: true,
	}
	var (
		gdb     *gorm.DB
		err     error
		dialect Dialect
	)
	if opts.URL != "" {
		dialect = Postgres
		gdb, err = gorm.Open(postgres.Open(opts.URL), gcfg)
	} else {
		dialect = SQLite
		if err := os.MkdirAll(opts.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", opts.DataDir, err)
		}
		if err := checkWritable(opts.DataDir); err != nil {
			return nil, err
		}
		gdb, err = openSQLite(opts.DataDir, gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	configurePool(sqlDB, dialect, opts.MaxConns)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	db := &DB{DB: gdb, Dialect: dialect}
	if dialect == SQLite {
		if db.writer, err = newSQLiteWriter(opts.DataDir, gcfg); err != nil {
			sqlDB.Close()
			return nil, err
		}
	}
	if dialect == Postgres && opts.CacheAuth {
		db.auth = startAuthCache(opts.URL, opts.Logger)
		if err := flushAuthCacheOnWrite(gdb, db.auth); err != nil {
			db.auth.close()
			sqlDB.Close()
			return nil, err
		}
	}
	return db, nil
}

// WriteTx runs fn in one write transaction and returns its error. On
// PostgreSQL that is an ordinary transaction. On SQLite, which has one
// writer at a time, it is handed to the writer (see sqliteWriter), which
// may commit it together with others waiting at the same moment; fn's
// changes are committed, or not at all, before WriteTx returns. fn must
// not start another WriteTx, and may run again if a shared commit fails.
func (db *DB) WriteTx(ctx context.Context, fn func(tx *DB) error) error {
	if db.writer != nil {
		return db.writer.do(ctx, fn)
	}
	// This instance's own changes to accounts, tokens and sessions count
	// at once: the cache is emptied once they are committed.
	defer db.auth.flush()
	return db.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		return fn(&DB{DB: g, Dialect: db.Dialect})
	})
}

// checkWritable says clearly when the data folder cannot be written (a
// read-only mount, wrong owner, full disk), which SQLite would otherwise
// report as "unable to open database file".
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func configurePool(sqlDB *sql.DB, dialect Dialect, maxConns int) {
	if dialect == SQLite {
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
		sqlDB.SetConnMaxIdleTime(0)
		return
	}
	// As many idle as open: a connection closed after a burst is a new
	// PostgreSQL backend process (a fork) at the next one, which under
	// load cost more than the queries.
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
}

// Close closes the connection pool.
func (db *DB) Close() error {
	if db.writer != nil {
		db.writer.close()
	}
	db.auth.close()
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping tells whether the database answers; /healthz uses it.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// migrationProvider builds a goose provider over the embedded migrations.
// Never Close it: that would close GORM's pool.
func (db *DB) migrationProvider() (*goose.Provider, error) {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, sqlDB, migrations.FS, goose.WithGoMigrations(authNotifyMigration(db.Dialect)))
}

// MigrateUp applies every pending migration.
func (db *DB) MigrateUp(ctx context.Context) ([]string, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	return describeResults(results), err
}

// MigrateDown rolls back the most recent migration.
func (db *DB) MigrateDown(ctx context.Context) ([]string, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return nil, err
	}
	result, err := p.Down(ctx)
	if result == nil {
		return nil, err
	}
	return describeResults([]*goose.MigrationResult{result}), err
}

// MigrationStatus lists every migration with whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]string, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return nil, err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	lines := make([]string, 0, len(status))
	for _, s := range status {
		when := "pending"
		if s.State == goose.StateApplied {
			when = "applied " + s.AppliedAt.UTC().Format(time.RFC3339)
		}
		lines = append(lines, fmt.Sprintf("%05d %s: %s", s.Source.Version, filepath.Base(s.Source.Path), when))
	}
	return lines, nil
}

// SchemaVersion is the version of the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.migrationProvider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

func describeResults(results []*goose.MigrationResult) []string {
	lines := make([]string, 0, len(results))
	for _, r := range results {
		lines = append(lines, strings.TrimSpace(r.String()))
	}
	return lines
}

func newGormLogger(l *slog.Logger) logger.Interface {
	if l == nil {
		return logger.Discard
	}
	return logger.NewSlogLogger(l, logger.Config{
		SlowThreshold:             500 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})
}
