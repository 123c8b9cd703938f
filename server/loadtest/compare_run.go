package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"hotlineportal/assessments"
)

// loopResult is what one closed-loop run of savers measured.
type loopResult struct {
	name     string
	ok       int64 // answered 200
	byStatus map[int]int64
	errors   int64 // transport errors (no answer)
	// noRetryAfter counts the 503s without a Retry-After header; notJSON
	// the API's failures whose body is not JSON; by status.
	noRetryAfter, notJSON map[int]int64
	latencies             []time.Duration
	events                []event
	elapsed, cpu          time.Duration
}

// event is one answer (status 0: none) and when it came, from the start.
type event struct {
	at     time.Duration
	status int
}

func (r loopResult) perSecond() float64 { return float64(r.ok) / r.elapsed.Seconds() }

// cpuPerRequest is the machine's CPU time per acknowledged save.
func (r loopResult) cpuPerRequest() time.Duration {
	if r.ok == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.ok)
}

// runClosedLoop runs every saver back to back, each its own client, for d
// (until stop is closed when d is zero).
func runClosedLoop(ctx context.Context, savers []*saver, d time.Duration, stop <-chan struct{}) loopResult {
	r := loopResult{name: savers[0].kind, byStatus: map[int]int64{}, noRetryAfter: map[int]int64{}, notJSON: map[int]int64{}}
	if d > 0 {
		t := make(chan struct{})
		time.AfterFunc(d, func() { close(t) })
		stop = t
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	cpu0 := machineCPU()
	start := time.Now()
	for _, s := range savers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				select {
				case <-stop:
					return
				default:
				}
				req, seq := s.request()
				t0 := time.Now()
				resp, err := s.client.Do(req.WithContext(ctx))
				var body []byte
				status := 0
				if err == nil {
					body, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				lat := time.Since(t0)
				s.done(seq, status, body)
				mu.Lock()
				r.events = append(r.events, event{at: time.Since(start), status: status})
				if status == 0 {
					r.errors++
				} else {
					r.latencies = append(r.latencies, lat)
					r.byStatus[status]++
				}
				if status == http.StatusOK {
					r.ok++
				}
				if status == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
					r.noRetryAfter[status]++
				}
				if status >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
					r.notJSON[status]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	if cpu1 := machineCPU(); cpu0 > 0 {
		r.cpu = cpu1 - cpu0
	}
	return r
}

// restartResult is the run during which the database was restarted.
type restartResult struct {
	loop loopResult
	// The command's output and error, and when it started and ended.
	output           string
	err              error
	cmdStart, cmdEnd time.Duration
	// okAfter counts the saves acknowledged after the command ended;
	// firstOK is how long after it the first came.
	okAfter int64
	firstOK time.Duration
}

// restartLead and restartTail are how long the savers run before the
// restart command and after it has ended.
const (
	restartLead = 3 * time.Second
	restartTail = 10 * time.Second
)

// runRestart runs the savers while command (run by sh -c) restarts the
// database, from restartLead after the start until it ends, then
// restartTail more.
func runRestart(ctx context.Context, savers []*saver, command string) restartResult {
	var rr restartResult
	stop := make(chan struct{})
	start := time.Now()
	go func() {
		time.Sleep(restartLead)
		rr.cmdStart = time.Since(start)
		out, err := exec.CommandContext(ctx, "sh", "-c", command).CombinedOutput()
		rr.cmdEnd = time.Since(start)
		rr.output, rr.err = strings.TrimSpace(string(out)), err
		time.Sleep(restartTail)
		close(stop)
	}()
	rr.loop = runClosedLoop(ctx, savers, 0, stop)
	rr.loop.name = "token+cookie"
	rr.firstOK = -1
	for _, e := range rr.loop.events {
		if e.at > rr.cmdEnd && e.status == http.StatusOK {
			if rr.okAfter == 0 {
				rr.firstOK = e.at - rr.cmdEnd
			}
			rr.okAfter++
		}
	}
	return rr
}

// lostSaves lists the answers that do not hold their saver's last
// acknowledged text or a later one of its own.
func lostSaves(ctx context.Context, svc *assessments.Service, savers []*saver) ([]string, error) {
	var lost []string
	for _, s := range savers {
		var narrative string
		if err := svc.DB().WithContext(ctx).Raw("SELECT narrative FROM answers WHERE assessment_id = ? AND criterion = ?",
			s.assessmentID, s.code).Scan(&narrative).Error; err != nil {
			return nil, err
		}
		if s.acked == 0 {
			continue
		}
		prefix := fmt.Sprintf("%sClient %s-%d, save ", floorBody, s.kind, s.id)
		var n int
		rest, ok := strings.CutPrefix(narrative, prefix)
		if _, err := fmt.Sscanf(rest, "%d.", &n); !ok || err != nil || n < s.acked {
			lost = append(lost, fmt.Sprintf("%s client %d: save %d was acknowledged, the answer holds %q", s.kind, s.id, s.acked,
				strings.TrimPrefix(narrative, floorBody)))
		}
	}
	return lost, nil
}

// compareResult is the whole comparison: its rounds (floor, token,
// cookie), the restart, the lost saves and the portals' logs.
type compareResult struct {
	clients int
	each    time.Duration
	rounds  [][]loopResult
	restart *restartResult
	lost    []string
	logs    []string
}

// printCompare shows each side's medians over the rounds and its ratio to
// the floor (the median of each round's ratio), then the restart.
func printCompare(w io.Writer, r *compareResult) {
	fmt.Fprintf(w, "\n== autosave beside the floor: %d clients each, back to back, %s each, %d rounds (medians)\n",
		r.clients, r.each, len(r.rounds))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "side\trequests/s\tratio to floor\tp50\tp99\tstatuses\terrors\tmachine CPU per request\tratio per round")
	for i := range r.rounds[0] {
		var per, cpu, ratios, p50, p99 []float64
		byStatus, errors := map[int]int64{}, int64(0)
		for _, round := range r.rounds {
			lr := round[i]
			per = append(per, lr.perSecond())
			cpu = append(cpu, float64(lr.cpuPerRequest()))
			ratios = append(ratios, lr.perSecond()/round[0].perSecond())
			s := summarize(lr.name, lr.latencies, nil)
			p50, p99 = append(p50, float64(s.P50)), append(p99, float64(s.P99))
			for k, v := range lr.byStatus {
				byStatus[k] += v
			}
			errors += lr.errors
		}
		each := make([]string, len(ratios))
		for j, x := range ratios {
			each[j] = fmt.Sprintf("%.2f", x)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%s\t%s\t%s\t%d\t%s\t%s\n", r.rounds[0][i].name, median(per), median(ratios),
			ms(time.Duration(median(p50))), ms(time.Duration(median(p99))), statuses(byStatus), errors,
			cpuMS(time.Duration(median(cpu))), strings.Join(each, " "))
	}
	tw.Flush()
	if rr := r.restart; rr != nil {
		fmt.Fprintf(w, "\n== database restart during autosave (%d token and %d cookie clients)\n", r.clients, r.clients)
		fmt.Fprintf(w, "restart command ran from %.1fs to %.1fs (err: %v)\n", rr.cmdStart.Seconds(), rr.cmdEnd.Seconds(), rr.err)
		fmt.Fprintf(w, "answers: %s; transport errors: %d\n", statuses(rr.loop.byStatus), rr.loop.errors)
		fmt.Fprintf(w, "503 without Retry-After: %s; failures not in JSON: %s\n", statuses(rr.loop.noRetryAfter), statuses(rr.loop.notJSON))
		fmt.Fprintf(w, "after the restart: %d saves acknowledged, the first %.2fs after the command ended\n", rr.okAfter, rr.firstOK.Seconds())
	}
	fmt.Fprintf(w, "lost saves: %d\n", len(r.lost))
	for _, l := range r.lost {
		fmt.Fprintln(w, "  "+l)
	}
}

// problems lists what makes the comparison fail.
func (r *compareResult) problems() []string {
	var out []string
	for _, round := range r.rounds {
		for _, lr := range round {
			for status, n := range lr.byStatus {
				if status != http.StatusOK {
					out = append(out, fmt.Sprintf("%s: %d answers %d", lr.name, n, status))
				}
			}
			if lr.errors > 0 {
				out = append(out, fmt.Sprintf("%s: %d requests failed", lr.name, lr.errors))
			}
		}
	}
	if rr := r.restart; rr != nil {
		if rr.err != nil {
			out = append(out, fmt.Sprintf("restart command: %v: %s", rr.err, rr.output))
		}
		for status, n := range rr.loop.byStatus {
			if status != http.StatusOK && status != http.StatusServiceUnavailable && status != http.StatusConflict {
				out = append(out, fmt.Sprintf("restart: %d answers %d", n, status))
			}
		}
		if rr.loop.errors > 0 {
			out = append(out, fmt.Sprintf("restart: %d requests without an answer", rr.loop.errors))
		}
		for status, n := range rr.loop.noRetryAfter {
			out = append(out, fmt.Sprintf("restart: %d answers %d without Retry-After", n, status))
		}
		for status, n := range rr.loop.notJSON {
			out = append(out, fmt.Sprintf("restart: %d answers %d not in JSON", n, status))
		}
		if rr.okAfter == 0 {
			out = append(out, "restart: no save succeeded after the database came back")
		}
	}
	out = append(out, r.lost...)
	if len(out) > 0 {
		for i, l := range r.logs {
			if l != "" {
				out = append(out, fmt.Sprintf("portal %d logged (the end):\n%s", i+1, l))
			}
		}
	}
	return out
}
