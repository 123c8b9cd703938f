// Command portal runs the 116 000 hotline accreditation portal.
//
//	portal serve [--demo]        run the web application
//	portal migrate up|down|status
//	portal create-user --email E --name N --role R [--hotline-id ID] [--country CC]
//	portal jobs run               run the daily jobs (retention, reminders) now
//
// Configuration comes from PORTAL_* environment variables (see README).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server"
	"hotlineportal/server/loadtest"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	cmds := map[string]func([]string, io.Reader, io.Writer) error{
		"serve":          cmdServe,
		"migrate":        cmdMigrate,
		"create-user":    cmdCreateUser,
		"reset-totp":     cmdResetTOTP,
		"rotate-key":     cmdRotateKey,
		"jobs":           cmdJobs,
		"healthcheck":    cmdHealthcheck,
		"backup":         cmdBackup,
		"loadtest":       cmdLoadtest,
		"loadtest-floor": cmdLoadtestFloor,
		"restore":        cmdRestore,
		"storage":        cmdStorage,
	}
	cmd, ok := cmds[args[0]]
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	if !ok {
		fmt.Fprintf(stderr, "portal: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd(args[1:], stdin, stdout); err != nil {
		fmt.Fprintf(stderr, "portal %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: portal COMMAND [options]

Commands:
  serve [--demo]            run the portal (--demo seeds demo hotlines and accounts)
  migrate up|down|status    apply, roll back one, or list database migrations
  create-user --email E --name N --role manager|reviewer|secretariat [--hotline-id ID] [--country CC] [--language LANG]
                            create an account; the password is read from standard input (one line)
  reset-totp --email E      turn off an account's two-step sign-in (lost phone and recovery codes); audited
  rotate-key                retire the signing key and make a new one; the DID document keeps the old
                            public key, so credentials signed before still verify; audited in the log
  jobs run                  run the daily jobs now (retention: purge evidence files past PORTAL_RETENTION_YEARS,
                            delete expired sessions, tokens and links; expiry and deadline reminders) and
                            print what they did
  loadtest [--hotlines 10,100,1000] [--duration 20s] [--phase NAME:TYPE=N,...] [--database-url URL] [--instances N] [--capacity-time 3s] [--signin-burst 400]
           [--compare [--restart-command CMD]]
                            build networks of those sizes in fresh databases, run the portal on each
                            (N processes), and measure a constant-rate mixed load, each request type's
                            capacity and a bare-write floor
  loadtest-floor            serve the load test's floor on PORTAL_ADDR (loadtest starts it itself)
  backup --out DIR          write a consistent copy of the live SQLite database and the evidence files
                            (with PORTAL_BLOB_STORE=s3 the files stay in the bucket: back it up with its own tools)
  storage migrate [--from DIR]
                            copy the files on the local disk (default: the data folder's evidence folder) and
                            the certificate PDFs held in the database into the S3 bucket; resumable, each file
                            checked by its SHA-256; nothing is deleted from the disk
  restore --from DIR        put a backup back in the data folder (stop the portal first)
  healthcheck               exit 0 when the running portal answers /healthz (for containers)
  help                      show this help

Environment:
`)
	for _, s := range server.Settings {
		fmt.Fprintf(w, "  %-26s %s [default: %s]\n", s.Name, s.Meaning, s.DefaultShown())
	}
}

// loadConfig reads the environment, reporting every problem at once.
func loadConfig() (server.Config, error) {
	cfg, err := server.LoadConfig(server.OSLookup)
	if err != nil {
		return cfg, fmt.Errorf("configuration:\n%w", err)
	}
	return cfg, nil
}

// openConfiguredDatabase reads the environment and opens the database it
// names, without migrating it.
func openConfiguredDatabase() (server.Config, *models.DB, error) {
	cfg, err := loadConfig()
	if err != nil {
		return cfg, nil, err
	}
	db, err := models.Open(models.OpenOptions{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxConns: cfg.DatabaseConns})
	return cfg, db, err
}

// setup loads the configuration, opens and migrates the database, and
// builds the domain service.
func setup(logOut io.Writer) (server.Config, *slog.Logger, *assessments.Service, error) {
	cfg, err := loadConfig()
	if err != nil {
		return cfg, nil, nil, err
	}
	log := newLogger(cfg, logOut)
	db, err := models.Open(models.OpenOptions{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxConns: cfg.DatabaseConns, Logger: log, CacheAuth: true})
	if err != nil {
		return cfg, nil, nil, err
	}
	applied, err := db.MigrateUp(context.Background())
	if err != nil {
		return cfg, nil, nil, fmt.Errorf("migrate database: %w", err)
	}
	for _, line := range applied {
		log.Info("migration applied", "migration", line)
	}
	svc, err := assessments.NewService(db, messages.MustLoad(), log, cfg.ServiceOptions())
	if err != nil {
		return cfg, nil, nil, err
	}
	checkFileStore(context.Background(), svc, log)
	if err := svc.EnsureDefaultFramework(context.Background()); err != nil {
		return cfg, nil, nil, fmt.Errorf("load the default criteria framework: %w", err)
	}
	if err := svc.CompleteStoredData(context.Background()); err != nil {
		return cfg, nil, nil, err
	}
	if err := svc.EnsureSigningKey(context.Background()); err != nil {
		return cfg, nil, nil, fmt.Errorf("signing key: %w", err)
	}
	return cfg, log, svc, nil
}

func newLogger(cfg server.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func cmdServe(args []string, _ io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "seed demo hotlines and accounts, and print their sign-in details")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, log, svc, err := setup(os.Stderr)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	if *demo {
		accounts, err := svc.SeedDemo(context.Background())
		if err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		printDemoAccounts(stdout, cfg.BaseURL, accounts)
	}
	srv, err := server.New(cfg, svc, log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	workers := server.StartWorkers(ctx, cfg, svc, log)
	log.Info("portal listening", "addr", cfg.Addr, "base_url", cfg.BaseURL, "database", dbLabel(cfg), "files", svc.Files().Kind())
	err = srv.Run(ctx, 30*time.Second)
	stop()
	workers.Wait()
	log.Info("portal stopped")
	return err
}

func dbLabel(cfg server.Config) string {
	if cfg.UsesSQLite() {
		return "sqlite:" + models.SQLitePath(cfg.DataDir)
	}
	return "postgres"
}

func printDemoAccounts(w io.Writer, baseURL string, accounts []assessments.DemoAccount) {
	fmt.Fprintf(w, "\nDemo mode: sign in at %s/login with one of these accounts\n\n", baseURL)
	fmt.Fprintf(w, "  %-12s %-34s %-22s %s\n", "ROLE", "EMAIL", "PASSWORD", "NAME")
	for _, a := range accounts {
		fmt.Fprintf(w, "  %-12s %-34s %-22s %s\n", a.Role, a.Email, a.Password, a.Name)
	}
	fmt.Fprintln(w)
}

func cmdMigrate(args []string, _ io.Reader, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: portal migrate up|down|status", errUsage)
	}
	_, db, err := openConfiguredDatabase()
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	var lines []string
	switch args[0] {
	case "up":
		lines, err = db.MigrateUp(ctx)
		if err == nil && len(lines) == 0 {
			lines = []string{"already up to date"}
		}
	case "down":
		lines, err = db.MigrateDown(ctx)
	case "status":
		lines, err = db.MigrationStatus(ctx)
	default:
		return fmt.Errorf("%w: unknown migrate action %q (use up, down or status)", errUsage, args[0])
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return err
}

func cmdCreateUser(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-user", flag.ContinueOnError)
	var in assessments.UserInput
	fs.StringVar(&in.Email, "email", "", "email address (required)")
	fs.StringVar(&in.Name, "name", "", "full name (required)")
	fs.StringVar(&in.Role, "role", "", "manager, reviewer or secretariat (required)")
	fs.StringVar(&in.HotlineID, "hotline-id", "", "hotline ID (managers only)")
	fs.StringVar(&in.Country, "country", "", "ISO 3166-1 alpha-2 country code (required for reviewers)")
	fs.StringVar(&in.Language, "language", "", "preferred language (en, fr, ...)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	password, err := readPasswordLine(stdin)
	if err != nil {
		return err
	}
	_, _, svc, err := setup(io.Discard)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	a := assessments.Actor{IP: "cli", RequestID: "create-user"}
	u, err := svc.CreateUserWithPassword(context.Background(), a, in, password)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return errors.New(describeValidation(verr))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %s)\n", u.Role, u.Email, u.ID)
	return nil
}

// cmdResetTOTP turns off an account's two-step sign-in from the command
// line, for the operator when no secretariat member can sign in.
func cmdResetTOTP(args []string, _ io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("reset-totp", flag.ContinueOnError)
	email := fs.String("email", "", "email address of the account (required)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *email == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: reset-totp --email E", errUsage)
	}
	_, _, svc, err := setup(io.Discard)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	a := assessments.Actor{IP: "cli", RequestID: "reset-totp"}
	err = svc.ResetTOTPByEmail(context.Background(), a, *email)
	if errors.Is(err, assessments.ErrNotFound) {
		return fmt.Errorf("no account has the address %s", *email)
	}
	var conflict *assessments.ConflictError
	if errors.As(err, &conflict) {
		return fmt.Errorf("%s has no two-step sign-in to reset", *email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "two-step sign-in of %s is off; they have been told by email\n", *email)
	return nil
}

// cmdJobs runs the daily jobs at once ("jobs run"), whatever the
// background workers did today: retention is safe to run again, and the
// reminders are claimed per period, so none is sent twice.
func cmdJobs(args []string, _ io.Reader, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "run" {
		return fmt.Errorf("%w: jobs run", errUsage)
	}
	_, _, svc, err := setup(io.Discard)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	ctx := context.Background()
	rep, err := svc.RunRetention(ctx)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	fmt.Fprintf(stdout, "retention: %d evidence files and %d appeal files purged (%d stored files deleted); deleted %d expired sessions, %d expired API tokens, %d spent one-time links, %d old failed sign-ins, %d stored files no record named\n",
		rep.EvidenceFiles, rep.AppealFiles, rep.StoredFiles, rep.Sessions, rep.Tokens, rep.Links, rep.Failures, rep.Unrecorded)
	n, err := svc.SendExpiryReminders(ctx)
	if err != nil {
		return fmt.Errorf("expiry reminders: %w", err)
	}
	fmt.Fprintf(stdout, "expiry reminders: %d queued\n", n)
	n, err = svc.SendDeadlineReminders(ctx)
	if err != nil {
		return fmt.Errorf("deadline reminders: %w", err)
	}
	fmt.Fprintf(stdout, "deadline reminders: %d queued\n", n)
	return nil
}

// cmdRotateKey retires the portal's signing key and makes a new one.
func cmdRotateKey(args []string, _ io.Reader, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: rotate-key takes no arguments", errUsage)
	}
	_, log, svc, err := setup(io.Discard)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	id, err := svc.RotateSigningKey(context.Background(), assessments.Actor{IP: "cli", RequestID: "rotate-key"})
	if err != nil {
		return err
	}
	log.Info("signing key rotated", "key", id)
	fmt.Fprintf(stdout, "new signing key %s; older keys stay in /.well-known/did.json\n", id)
	return nil
}

// readPasswordLine reads one line from standard input, without the line
// ending.
func readPasswordLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input: pipe one line, e.g. `echo 'a long passphrase' | portal create-user ...`")
	}
	return line, nil
}

func describeValidation(verr *assessments.ValidationError) string {
	loc := messages.MustLoad().Localizer(messages.Default)
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, field := range []string{"email", "name", "role", "hotline_id", "country", "language", "password"} {
		if m, ok := verr.Fields[field]; ok {
			name := "--" + strings.ReplaceAll(field, "_", "-")
			if field == "password" {
				name = "password (standard input)"
			}
			fmt.Fprintf(&b, "\n  %s: %s", name, loc.T(m.Key, m.Data))
		}
	}
	return b.String()
}

// cmdHealthcheck asks the local portal's /healthz, for container health
// checks in images without curl.
func cmdHealthcheck(_ []string, _ io.Reader, stdout io.Writer) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	_, port, _ := net.SplitHostPort(cfg.Addr)
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s", resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

func cmdBackup(args []string, _ io.Reader, stdout io.Writer) error {
	out, err := folderFlag(args, "backup", "out", "folder to create for the backup")
	if err != nil {
		return err
	}
	cfg, db, err := openConfiguredDatabase()
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Backup(context.Background(), cfg.ServiceOptions().EvidenceDir, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s: database %s, %d evidence files\n", out, rep.Database, rep.EvidenceFiles)
	if cfg.BlobStore == "s3" {
		fmt.Fprintf(stdout, "note: evidence files and certificate PDFs are in the S3 bucket %s, not in this backup: back the bucket up with its own tools (versioning, replication or a sync); a restore needs the bucket as it was at this time\n", cfg.S3.Bucket)
	}
	for _, k := range rep.Missing {
		fmt.Fprintf(stdout, "warning: evidence file %s was removed during the backup\n", k)
	}
	return nil
}

func cmdRestore(args []string, _ io.Reader, stdout io.Writer) error {
	from, err := folderFlag(args, "restore", "from", "backup folder made by portal backup")
	if err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if !cfg.UsesSQLite() {
		return errors.New("restore works on the embedded SQLite database; for PostgreSQL use pg_restore")
	}
	if err := models.Restore(from, cfg.DataDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s\n", from, cfg.DataDir)
	return nil
}

func cmdLoadtest(args []string, _ io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	sizes := fs.String("hotlines", "10,100,1000", "network sizes, in hotlines")
	duration := fs.Duration("duration", 20*time.Second, "length of each constant-rate run")
	databaseURL := fs.String("database-url", "", "PostgreSQL server to run on (a new schema per size); empty uses SQLite")
	instances := fs.Int("instances", 1, "portal processes sharing the database")
	capacityTime := fs.Duration("capacity-time", 3*time.Second, "length of each capacity (closed-loop) measurement")
	rounds := fs.Int("rounds", 3, "capacity measurements per size, the sizes taking turns (medians are reported)")
	burst := fs.Int("signin-burst", loadtest.DefaultSigninBurst, "sign-ins sent at once before the phases, from as many addresses (0: none)")
	compare := fs.Bool("compare", false, "instead: autosave (token and cookie) beside the floor, 32 clients each, on the first size")
	restart := fs.String("restart-command", "", "with --compare: shell command restarting the database mid-load")
	var phases []loadtest.Phase
	fs.Func("phase", "NAME:TYPE=N,TYPE=N... a constant-rate phase to run instead of the default ones (repeatable); types: "+
		strings.Join(loadtest.Types, ", "), func(v string) error {
		ph, err := loadtest.ParsePhase(v)
		phases = append(phases, ph)
		return err
	})
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	var ns []int
	for _, part := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 2 {
			return fmt.Errorf("%w: --hotlines wants sizes of at least 2, such as 10,100,1000", errUsage)
		}
		ns = append(ns, n)
	}
	signinBurst := *burst
	if signinBurst <= 0 {
		signinBurst = -1 // the option's 0 means none; the tool's means the default
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return loadtest.Run(ctx, loadtest.Options{Sizes: ns, Duration: *duration, Phases: phases, Out: stdout,
		DatabaseURL: *databaseURL, Instances: *instances, CapacityTime: *capacityTime, Rounds: *rounds, SigninBurst: signinBurst,
		Compare: *compare, RestartCommand: *restart})
}

// cmdLoadtestFloor serves the load test's floor (a bare handler inserting
// one row) on PORTAL_ADDR, on the configured database; loadtest runs it.
func cmdLoadtestFloor(_ []string, _ io.Reader, _ io.Writer) error {
	cfg, db, err := openConfiguredDatabase()
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := loadtest.FloorHandler(db)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Addr: cfg.Addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// folderFlag reads the one required folder option of backup and restore.
func folderFlag(args []string, cmd, name, help string) (string, error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dir := fs.String(name, "", help+" (required)")
	if err := fs.Parse(args); err != nil || *dir == "" {
		return "", fmt.Errorf("%w: portal %s --%s DIR", errUsage, cmd, name)
	}
	return *dir, nil
}
