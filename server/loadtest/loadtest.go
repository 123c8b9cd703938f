package loadtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
	"hotlineportal/server"
)

// Options say what to measure.
type Options struct {
	Sizes    []int         // network sizes in hotlines
	Duration time.Duration // of each constant-rate run
	Rates    map[string]int
	Out      io.Writer
}

// DefaultRates are the per-second rates of each request type: the targets
// of the load issue (autosave 2,000/s; pages 200/s together).
var DefaultRates = map[string]int{
	"autosave": 2000, "score": 200, "questionnaire": 100, "workspace": 100,
	"consolidation": 20, "certificate_pdf": 10, "verify": 50,
}

// Run builds each network size in a fresh SQLite database, then measures
// the floor and the mixed load, and prints a table per size and how the
// cost per request grows with the network.
func Run(ctx context.Context, o Options) error {
	perSize := map[int][]Stats{}
	for _, n := range o.Sizes {
		stats, err := runSize(ctx, n, o)
		if err != nil {
			return fmt.Errorf("%d hotlines: %w", n, err)
		}
		perSize[n] = stats
	}
	printGrowth(o.Out, o.Sizes, perSize)
	return nil
}

func runSize(ctx context.Context, n int, o Options) ([]Stats, error) {
	dir, err := os.MkdirTemp("", "portal-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	env := map[string]string{"PORTAL_DATA_DIR": dir, "PORTAL_LOG_LEVEL": "error"}
	cfg, err := server.LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		return nil, err
	}
	db, err := models.Open(models.OpenOptions{DataDir: dir})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	so := cfg.ServiceOptions()
	so.Argon2 = assessments.Argon2Params{Memory: 1024, Time: 1, Threads: 1}
	svc, err := assessments.NewService(db, messages.MustLoad(), log, so)
	if err != nil {
		return nil, err
	}
	if err := svc.EnsureDefaultFramework(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	net, err := Seed(ctx, svc, n, func(s string) { fmt.Fprintln(o.Out, "  "+s) })
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Out, "%d hotlines seeded in %s (%d assessments)\n", n, time.Since(start).Round(time.Second), len(net.Drafts)+len(net.InReview)+len(net.Decided))
	srv, err := server.New(cfg, svc, log)
	if err != nil {
		return nil, err
	}
	base, stop, err := serve(srv.Handler())
	if err != nil {
		return nil, err
	}
	defer stop()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0}, Timeout: 30 * time.Second}
	floor, err := measureFloor(ctx, db, client)
	if err != nil {
		return nil, err
	}
	kinds, err := buildKinds(ctx, svc, net, base, o.Rates)
	if err != nil {
		return nil, err
	}
	mem := StartMemorySampler()
	stats := RunConstantRate(ctx, client, kinds, o.Duration)
	mem.Stop()
	printTable(o.Out, n, floor, stats, mem.PeakHeap, PeakRSS())
	return stats, nil
}

// serve runs the portal on a loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() { hs.Close() }, nil
}

// measureFloor is a bare Echo handler writing one row of an answer's size
// to the same database, driven as hard as it goes.
func measureFloor(ctx context.Context, db *models.DB, client *http.Client) (float64, error) {
	if err := db.Exec("CREATE TABLE IF NOT EXISTS load_floor (id TEXT PRIMARY KEY, body TEXT NOT NULL)").Error; err != nil {
		return 0, err
	}
	sqlDB, _ := db.DB.DB()
	e := echo.New()
	body := strings.Repeat("We answer every contact and keep records. ", 8)
	e.POST("/floor", func(c echo.Context) error {
		_, err := sqlDB.ExecContext(c.Request().Context(), "INSERT INTO load_floor (id, body) VALUES (?, ?)", models.NewID(), body)
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusOK)
	})
	base, stop, err := serve(e)
	if err != nil {
		return 0, err
	}
	defer stop()
	return ClosedLoop(ctx, client, 16, 3*time.Second, func(int64) *http.Request {
		req, _ := http.NewRequest("POST", base+"/floor", nil)
		return req
	}), nil
}

// buildKinds prepares tokens and the request makers of each type.
func buildKinds(ctx context.Context, svc *assessments.Service, net *Network, base string, rates map[string]int) ([]Kind, error) {
	token := func(u *models.User) (string, error) {
		t, _, err := svc.IssueToken(ctx, assessments.Actor{IP: "loadtest"}, u.Email, password)
		return t, err
	}
	secUser, err := svc.CreateUserWithPassword(ctx, sys, assessments.UserInput{Email: "secretariat@load.example", Name: "Load Secretariat", Role: "secretariat"}, password)
	if err != nil {
		return nil, err
	}
	secToken, err := token(secUser)
	if err != nil {
		return nil, err
	}
	draftTokens := make([]string, len(net.Drafts))
	for i, u := range net.DraftOwner {
		if draftTokens[i], err = token(u); err != nil {
			return nil, err
		}
	}
	reviewerTokens := map[string]string{}
	for _, r := range net.Reviewers {
		if reviewerTokens[r.ID], err = token(r); err != nil {
			return nil, err
		}
	}
	versions, err := draftVersions(ctx, svc, net)
	if err != nil {
		return nil, err
	}
	var vmu sync.Mutex
	rate := func(name string) int {
		if r, ok := rates[name]; ok {
			return r
		}
		return DefaultRates[name]
	}
	narrative := strings.Repeat("We answer every contact and keep records. ", 8)
	return []Kind{
		{Name: "autosave", Rate: rate("autosave"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			slot := int(i) % len(versions)
			a, c := slot/len(net.Codes), slot%len(net.Codes)
			vmu.Lock()
			v := versions[slot]
			vmu.Unlock()
			req := jsonRequest("PUT", base+"/api/v1/assessments/"+net.Drafts[a]+"/answers/"+net.Codes[c], draftTokens[a],
				map[string]any{"level": "met", "narrative": narrative + fmt.Sprint(i), "version": v})
			return req, func(status int, body []byte) {
				var out struct {
					Version int `json:"version"`
					Error   struct {
						Current struct{ Version int } `json:"current"`
					} `json:"error"`
				}
				_ = jsonUnmarshal(body, &out)
				vmu.Lock()
				defer vmu.Unlock()
				switch status {
				case http.StatusOK:
					versions[slot] = max(versions[slot], out.Version)
				case http.StatusConflict:
					versions[slot] = max(versions[slot], out.Error.Current.Version)
				}
			}
		}},
		{Name: "score", Rate: rate("score"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			id := net.InReview[int(i)%len(net.InReview)]
			r := net.ReviewerOf[id][int(i)%2]
			return jsonRequest("PUT", base+"/api/v1/assessments/"+id+"/scores/"+pick(net.Codes), reviewerTokens[r.ID],
				map[string]any{"score": 3, "comment": "Checked."}), nil
		}},
		{Name: "questionnaire", Rate: rate("questionnaire"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			a := int(i) % len(net.Drafts)
			return jsonRequest("GET", base+"/assessments/"+net.Drafts[a]+"/check", draftTokens[a], nil), nil
		}},
		{Name: "workspace", Rate: rate("workspace"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			id := net.InReview[int(i)%len(net.InReview)]
			r := net.ReviewerOf[id][int(i)%2]
			return jsonRequest("GET", base+"/assessments/"+id+"/review/criteria/"+pick(net.Codes), reviewerTokens[r.ID], nil), nil
		}},
		{Name: "consolidation", Rate: rate("consolidation"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base+"/api/v1/assessments/"+pick(net.Decided)+"/consolidation", secToken, nil), nil
		}},
		{Name: "certificate_pdf", Rate: rate("certificate_pdf"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base+"/api/v1/certificates/"+pick(net.Certificate)+"/pdf", secToken, nil), nil
		}},
		{Name: "verify", Rate: rate("verify"), Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base+"/api/v1/public/certificates/"+pick(net.Certificate), "", nil), nil
		}},
	}, nil
}

func printTable(w io.Writer, n int, floor float64, stats []Stats, peakHeap, peakRSS uint64) {
	fmt.Fprintf(w, "\n== %d hotlines: floor (bare handler writing one row) %.0f/s; peak heap %d MB, peak RSS of the process (portal and load generator) %d MB\n",
		n, floor, peakHeap>>20, peakRSS>>20)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tsent\tachieved/s\tratio to floor\tp50\tp95\tp99\tstatuses\terrors")
	for _, s := range stats {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%s\t%s\t%s\t%v\t%d\n", s.Name, s.Sent, s.Achieved, s.Achieved/floor,
			s.P50.Round(10*time.Microsecond), s.P95.Round(10*time.Microsecond), s.P99.Round(10*time.Microsecond), s.ByStatus, s.Errors)
	}
	tw.Flush()
}

// printGrowth shows each type's p50 at every size relative to the
// smallest network: flat means no query scans the network.
func printGrowth(w io.Writer, sizes []int, per map[int][]Stats) {
	if len(sizes) < 2 {
		return
	}
	fmt.Fprintf(w, "\n== cost per request (p50) relative to %d hotlines\n", sizes[0])
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, "type")
	for _, n := range sizes {
		fmt.Fprintf(tw, "\t%d", n)
	}
	fmt.Fprintln(tw)
	for k, s := range per[sizes[0]] {
		fmt.Fprint(tw, s.Name)
		for _, n := range sizes {
			fmt.Fprintf(tw, "\t%.2f", float64(per[n][k].P50)/float64(max(s.P50, 1)))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// draftVersions reads the current version of every draft answer (renewals
// start with carried-over answers at version 1), indexed like the slots.
func draftVersions(ctx context.Context, svc *assessments.Service, net *Network) ([]int, error) {
	versions := make([]int, len(net.Drafts)*len(net.Codes))
	index := map[string]int{}
	for i, id := range net.Drafts {
		index[id] = i
	}
	codeIndex := map[string]int{}
	for i, c := range net.Codes {
		codeIndex[c] = i
	}
	var rows []models.Answer
	if err := svc.DB().WithContext(ctx).Select("assessment_id", "criterion", "version").Where("assessment_id IN ?", net.Drafts).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		versions[index[r.AssessmentID]*len(net.Codes)+codeIndex[r.Criterion]] = r.Version
	}
	return versions, nil
}
