package loadtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server"
)

// Options say what to measure.
type Options struct {
	Sizes    []int         // network sizes in hotlines
	Duration time.Duration // of each constant-rate phase
	Phases   []Phase       // DefaultPhases when empty
	Out      io.Writer
	// Command is the portal binary, run as `Command serve` for each
	// instance (os.Executable() when empty).
	Command string
	// DatabaseURL, when set, is a PostgreSQL server: each size gets a new
	// schema on it. Empty runs on a new SQLite database per size.
	DatabaseURL string
	// Instances is how many portal processes share the database.
	Instances int
	// CapacityTime is the length of each closed-loop measurement (the
	// floor's and each type's capacity); 3 s when zero.
	CapacityTime time.Duration
	// Rounds is how many times the capacities are measured, the sizes
	// taking turns, so that a slow spell of a shared machine falls on all
	// sizes alike; medians are reported. 3 when zero.
	Rounds int
	// SigninBurst is how many sign-ins arrive at once before the phases
	// (DefaultSigninBurst when zero, none when negative).
	SigninBurst int
	// Compare, instead of the phases and capacities, measures autosave
	// with a token and from browser sessions beside the floor, on the
	// first size (see Compare).
	Compare bool
	// RestartCommand, with Compare, is run by sh -c mid-load to restart
	// the database (see Compare).
	RestartCommand string
}

// Phase is one constant-rate run: the request types sent and their rates
// per second (types not named are not sent).
type Phase struct {
	Name  string
	Rates map[string]int
}

// Types are the request types, in the order they are reported.
var Types = []string{"autosave", "score", "questionnaire", "workspace", "consolidation", "certificate_pdf", "verify",
	"network_page", "network_api", "agreement", "worklist", "worklist_page"}

// DefaultPhases measure the load issue's targets one at a time (autosave
// at 2,000/s; the 50-criterion questionnaire and workspace pages at 200/s
// each, side by side; the consolidation page, certificates and
// verification), the secretariat's steering pages (the network page and
// its figures, reviewer agreement, the work list in the API and as the
// dashboard), then a deadline-week mix of everything at once.
var DefaultPhases = []Phase{
	{Name: "autosave", Rates: map[string]int{"autosave": 2000}},
	{Name: "pages", Rates: map[string]int{"questionnaire": 200, "workspace": 200}},
	{Name: "documents", Rates: map[string]int{"consolidation": 20, "certificate_pdf": 10, "verify": 50}},
	{Name: "steering", Rates: map[string]int{"network_page": 10, "network_api": 10, "agreement": 10, "worklist": 10, "worklist_page": 10}},
	{Name: "mixed", Rates: map[string]int{"autosave": 800, "score": 100, "questionnaire": 40, "workspace": 40,
		"consolidation": 10, "certificate_pdf": 5, "verify": 20}},
}

// ParsePhase reads a phase written NAME:TYPE=N,TYPE=N.
func ParsePhase(v string) (Phase, error) {
	name, list, ok := strings.Cut(v, ":")
	ph := Phase{Name: strings.TrimSpace(name), Rates: map[string]int{}}
	if !ok || ph.Name == "" {
		return ph, fmt.Errorf("want NAME:TYPE=N,TYPE=N, got %q", v)
	}
	for _, item := range strings.Split(list, ",") {
		typ, n, ok := strings.Cut(strings.TrimSpace(item), "=")
		rate, err := strconv.Atoi(n)
		if !ok || err != nil || rate < 1 {
			return ph, fmt.Errorf("want TYPE=N with N at least 1, got %q", item)
		}
		if !slices.Contains(Types, typ) {
			return ph, fmt.Errorf("unknown request type %q (known: %s)", typ, strings.Join(Types, ", "))
		}
		ph.Rates[typ] = rate
	}
	return ph, nil
}

// capacityWorkers send back to back in each closed-loop measurement.
const capacityWorkers = 32

// Run builds each network size in a fresh database through the domain
// code, starts the portal processes on it and runs the constant-rate
// phases; then, all sizes still up, it measures the floor and each type's
// capacity in rounds, the sizes taking turns, and prints how the cost per
// request grows with the network. It fails if any request failed or any
// email was sent twice.
func Run(ctx context.Context, o Options) error {
	if o.Instances < 1 {
		o.Instances = 1
	}
	if len(o.Phases) == 0 {
		o.Phases = DefaultPhases
	}
	if o.CapacityTime <= 0 {
		o.CapacityTime = 3 * time.Second
	}
	if o.Rounds < 1 {
		o.Rounds = 3
	}
	if o.SigninBurst == 0 {
		o.SigninBurst = DefaultSigninBurst
	}
	if o.Command == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		o.Command = exe
	}
	if o.Compare {
		return Compare(ctx, o)
	}
	var sizes []*sizeRun
	defer func() {
		for _, sr := range sizes {
			sr.stop()
		}
	}()
	for _, n := range o.Sizes {
		sr, err := startSize(ctx, n, o)
		if sr != nil {
			sizes = append(sizes, sr)
		}
		if err != nil {
			return fmt.Errorf("%d hotlines: %w", n, err)
		}
		printPhases(o.Out, sr.result)
	}
	for round := 0; round < o.Rounds; round++ {
		for _, sr := range sizes {
			if err := sr.measureCapacity(ctx, o); err != nil {
				return fmt.Errorf("%d hotlines: %w", sr.result.n, err)
			}
		}
	}
	var problems []string
	results := make([]*sizeResult, len(sizes))
	for i, sr := range sizes {
		if err := sr.finish(ctx); err != nil {
			return fmt.Errorf("%d hotlines: %w", sr.result.n, err)
		}
		printCapacity(o.Out, sr.result)
		problems = append(problems, sr.result.problems()...)
		results[i] = sr.result
	}
	printGrowth(o.Out, results)
	if len(problems) > 0 {
		return fmt.Errorf("the load run found problems:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// phaseResult is what one constant-rate phase measured, per type sent.
type phaseResult struct {
	name  string
	stats []Stats
}

// withRates gives the kinds named in rates, at those rates.
func withRates(kinds []Kind, rates map[string]int) []Kind {
	var out []Kind
	for _, k := range kinds {
		if r := rates[k.Name]; r > 0 {
			k.Rate = r
			out = append(out, k)
		}
	}
	return out
}

// sizeResult is what one network size measured.
type sizeResult struct {
	n            int
	capacityTime time.Duration
	phases       []phaseResult
	floors       []Capacity            // one per round
	rounds       []map[string]Capacity // per round, per request type
	peakRSS      []uint64              // per portal instance
	burst        *burstResult          // the sign-in burst, if run
	mail         mailCheck
	logs         []string // what each portal logged (errors only)
}

// sizeRun is one network size up and running: its database, the domain
// service on it, the portal processes and the request makers.
type sizeRun struct {
	result  *sizeResult
	env     []string
	db      *models.DB
	portals []*portal
	kinds   []Kind
	client  *http.Client
	cleanup func()
}

// startSize seeds a network of n hotlines, starts the portals on it and
// runs the constant-rate phases. What it started is returned even on
// error, for stop.
func startSize(ctx context.Context, n int, o Options) (*sizeRun, error) {
	// Every size stays up until the end, each with its portals: a few
	// connections each keep them all under PostgreSQL's default limit of
	// 100.
	env, open, cleanup, err := newDatabase(o.DatabaseURL, 8)
	if err != nil {
		return nil, err
	}
	sr := &sizeRun{result: &sizeResult{n: n, capacityTime: o.CapacityTime}, env: env, cleanup: cleanup,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512}, Timeout: 30 * time.Second}}
	db, svc, err := openService(ctx, open)
	if err != nil {
		return sr, err
	}
	sr.db = db
	start := time.Now()
	net, err := Seed(ctx, svc, n, func(s string) { fmt.Fprintln(o.Out, "  "+s) })
	if err != nil {
		return sr, err
	}
	fmt.Fprintf(o.Out, "%d hotlines seeded in %s: %s\n", n, time.Since(start).Round(time.Second), net.Summary(ctx, svc))
	if db.Dialect == models.Postgres {
		// What autovacuum would do soon after a bulk load: without fresh
		// statistics the planner may scan tables it has only seen empty.
		if err := db.Exec("ANALYZE").Error; err != nil {
			return sr, err
		}
	}
	if sr.portals, err = startPortals(ctx, o, env); err != nil {
		return sr, err
	}
	bases := make([]string, len(sr.portals))
	for i, p := range sr.portals {
		bases[i] = p.Base
	}
	if o.SigninBurst > 0 {
		b := runSigninBurst(ctx, sr.client, sr.portals[0], append(net.Managers, net.Reviewers...), o.SigninBurst)
		sr.result.burst = &b
	}
	if sr.kinds, err = buildKinds(ctx, svc, net, bases); err != nil {
		return sr, err
	}
	for _, ph := range o.Phases {
		sr.result.phases = append(sr.result.phases, phaseResult{name: ph.Name, stats: RunConstantRate(ctx, sr.client, withRates(sr.kinds, ph.Rates), o.Duration)})
	}
	return sr, nil
}

// measureCapacity runs one round: the floor, then each request type.
func (sr *sizeRun) measureCapacity(ctx context.Context, o Options) error {
	floor, err := measureFloor(ctx, o, sr.env, sr.client)
	if err != nil {
		return err
	}
	round := map[string]Capacity{}
	for _, k := range sr.kinds {
		round[k.Name] = MeasureCapacity(ctx, sr.client, k, capacityWorkers, o.CapacityTime)
	}
	sr.result.floors = append(sr.result.floors, floor)
	sr.result.rounds = append(sr.result.rounds, round)
	return nil
}

// finish reads the portals' peak memory and logs and checks the outbox.
func (sr *sizeRun) finish(ctx context.Context) error {
	for _, p := range sr.portals {
		sr.result.peakRSS = append(sr.result.peakRSS, p.PeakRSS())
		sr.result.logs = append(sr.result.logs, p.Log())
	}
	var err error
	sr.result.mail, err = checkMail(ctx, sr.db)
	return err
}

// stop ends the portals and removes the database.
func (sr *sizeRun) stop() {
	for _, p := range sr.portals {
		_ = p.Stop()
	}
	if sr.db != nil {
		sr.db.Close()
	}
	sr.cleanup()
}

// newDatabase makes an empty database for one network size: a temporary
// SQLite folder, or a new schema when url names a PostgreSQL server, whose
// portals each keep at most maxConns connections (the default when zero).
// It returns the environment for `portal serve` and the options to open
// it.
// The data folder is a temporary one in both cases: the portals and the
// seeding keep their files (certificate PDFs) in the same place.
func newDatabase(url string, maxConns int) ([]string, models.OpenOptions, func(), error) {
	dir, err := os.MkdirTemp("", "portal-load-")
	if err != nil {
		return nil, models.OpenOptions{}, nil, err
	}
	env := []string{"PORTAL_DATABASE_URL=", "PORTAL_DATA_DIR=" + dir}
	if url == "" {
		return env, models.OpenOptions{DataDir: dir}, func() { os.RemoveAll(dir) }, nil
	}
	dsn, drop, err := models.ScratchSchema(url, "load_")
	if err != nil {
		os.RemoveAll(dir)
		return nil, models.OpenOptions{}, nil, err
	}
	env[0] = "PORTAL_DATABASE_URL=" + dsn
	if maxConns > 0 {
		env = append(env, fmt.Sprintf("PORTAL_DATABASE_MAX_CONNS=%d", maxConns))
	}
	return env, models.OpenOptions{URL: dsn, DataDir: dir, MaxConns: maxConns}, func() { drop(); os.RemoveAll(dir) }, nil
}

// openService migrates the database and builds the domain service the
// seeding goes through (with cheap password hashing: seeding makes
// hundreds of accounts).
func openService(ctx context.Context, open models.OpenOptions) (*models.DB, *assessments.Service, error) {
	db, err := models.Open(open)
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	cfg, err := server.LoadConfig(func(string) (string, bool) { return "", false })
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	so := cfg.ServiceOptions()
	so.EvidenceDir = filepath.Join(open.DataDir, "evidence") // the portals' own
	so.Argon2 = assessments.Argon2Params{Memory: 1024, Time: 1, Threads: 1}
	svc, err := assessments.NewService(db, messages.MustLoad(), slog.New(slog.NewTextHandler(io.Discard, nil)), so)
	if err == nil {
		err = svc.EnsureDefaultFramework(ctx)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, svc, nil
}

// startPortals runs o.Instances portal processes on the database.
func startPortals(ctx context.Context, o Options, env []string) ([]*portal, error) {
	var portals []*portal
	// The sign-in burst comes from many addresses, through the loopback
	// "proxy" the load generator plays.
	env = append(env, "PORTAL_TRUSTED_PROXIES=127.0.0.0/8")
	for range o.Instances {
		p, err := startProcess(ctx, o.Command, "serve", env)
		if err != nil {
			for _, q := range portals {
				_ = q.Stop()
			}
			return nil, err
		}
		portals = append(portals, p)
	}
	return portals, nil
}

// measureFloor drives the floor's process as hard as it goes: what the
// machine and the database give before the portal adds anything.
func measureFloor(ctx context.Context, o Options, env []string, client *http.Client) (Capacity, error) {
	p, err := startProcess(ctx, o.Command, "loadtest-floor", env)
	if err != nil {
		return Capacity{}, err
	}
	defer p.Stop()
	floor := Kind{Name: "floor", Make: func(int64) (*http.Request, func(int, []byte)) {
		req, _ := http.NewRequest("POST", p.Base+"/floor", nil)
		return req, nil
	}}
	return MeasureCapacity(ctx, client, floor, capacityWorkers, o.CapacityTime), nil
}

// mailCheck is the state of the outbox after a run: with several
// instances, every email must have been claimed (and sent) exactly once.
type mailCheck struct {
	Total, Sent, SentTwice int64
}

func checkMail(ctx context.Context, db *models.DB) (mailCheck, error) {
	var m mailCheck
	q := db.WithContext(ctx).Model(&models.OutboxMessage{})
	if err := q.Count(&m.Total).Error; err != nil {
		return m, err
	}
	if err := db.WithContext(ctx).Model(&models.OutboxMessage{}).Where("status = ?", models.MailSent).Count(&m.Sent).Error; err != nil {
		return m, err
	}
	err := db.WithContext(ctx).Model(&models.OutboxMessage{}).Where("attempts > 1").Count(&m.SentTwice).Error
	return m, err
}

// problems lists what makes a run fail: transport errors, 5xx answers,
// an email sent twice, or anything a portal logged.
func (r *sizeResult) problems() []string {
	var out []string
	for _, ph := range r.phases {
		for _, s := range ph.stats {
			if s.Errors > 0 {
				out = append(out, fmt.Sprintf("%d hotlines, %s: %s: %d requests failed", r.n, ph.name, s.Name, s.Errors))
			}
			for status, count := range s.ByStatus {
				if status >= 500 {
					out = append(out, fmt.Sprintf("%d hotlines, %s: %s: %d answers %d", r.n, ph.name, s.Name, count, status))
				}
			}
		}
	}
	if r.burst != nil {
		for _, p := range r.burst.problems() {
			out = append(out, fmt.Sprintf("%d hotlines: %s", r.n, p))
		}
	}
	if r.mail.SentTwice > 0 {
		out = append(out, fmt.Sprintf("%d hotlines: %d emails claimed more than once", r.n, r.mail.SentTwice))
	}
	for i, l := range r.logs {
		if l != "" {
			out = append(out, fmt.Sprintf("%d hotlines: portal %d logged errors:\n%s", r.n, i+1, l))
		}
	}
	return out
}
