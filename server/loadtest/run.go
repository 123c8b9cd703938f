package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Kind is one request type of the mixed load, at its own constant rate.
type Kind struct {
	Name string
	Rate int // requests per second
	// Make builds the next request; done receives its status and body.
	Make func(i int64) (*http.Request, func(status int, body []byte))
}

// Stats are the measured figures of one request type.
type Stats struct {
	Name          string
	Offered       int // requests per second
	Sent          int64
	Achieved      float64 // completed per second
	P50, P95, P99 time.Duration
	ByStatus      map[int]int64
	Errors        int64 // transport errors
}

// RunConstantRate sends every kind at its rate for d (an open loop: the
// schedule does not wait for slow answers, so the tail shows honestly).
func RunConstantRate(ctx context.Context, client *http.Client, kinds []Kind, d time.Duration) []Stats {
	out := make([]Stats, len(kinds))
	var wg sync.WaitGroup
	for k := range kinds {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			out[k] = runKind(ctx, client, kinds[k], d)
		}(k)
	}
	wg.Wait()
	return out
}

func runKind(ctx context.Context, client *http.Client, k Kind, d time.Duration) Stats {
	st := Stats{Name: k.Name, Offered: k.Rate, ByStatus: map[int]int64{}}
	if k.Rate <= 0 {
		return st
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		wg        sync.WaitGroup
		i         atomic.Int64
	)
	interval := time.Second / time.Duration(k.Rate)
	// At most this many requests of one type in flight: past it the
	// schedule waits (and the achieved rate shows the shortfall) rather
	// than running the machine out of sockets.
	inflight := make(chan struct{}, 256)
	start := time.Now()
	deadline := start.Add(d)
	for next := start; next.Before(deadline) && ctx.Err() == nil; next = next.Add(interval) {
		time.Sleep(time.Until(next))
		req, done := k.Make(i.Add(1))
		st.Sent++
		wg.Add(1)
		inflight <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-inflight }()
			t0 := time.Now()
			status, body := send(ctx, client, req)
			lat := time.Since(t0)
			if done != nil {
				done(status, body)
			}
			mu.Lock()
			defer mu.Unlock()
			if status == 0 {
				st.Errors++
				return
			}
			latencies = append(latencies, lat)
			st.ByStatus[status]++
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sum := summarize(k.Name, latencies, st.ByStatus)
	st.P50, st.P95, st.P99 = sum.P50, sum.P95, sum.P99
	st.Achieved = float64(len(latencies)) / elapsed.Seconds()
	return st
}

// Capacity is what a kind of request gives when workers send it back to
// back: its throughput, comparable with the floor's, and the machine's CPU
// time per request (portal, database server and load generator together).
// The CPU figure varies less than throughput on a shared machine, whose
// share of the host comes and goes; it is zero where /proc/stat is absent.
type Capacity struct {
	PerSecond     float64
	CPUPerRequest time.Duration
}

// MeasureCapacity sends a kind with workers back to back for d. Only 2xx
// answers count.
func MeasureCapacity(ctx context.Context, client *http.Client, k Kind, workers int, d time.Duration) Capacity {
	var n, i atomic.Int64
	var wg sync.WaitGroup
	cpu0 := machineCPU()
	start := time.Now()
	deadline := start.Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, done := k.Make(i.Add(1))
				status, body := send(ctx, client, req)
				if done != nil {
					done(status, body)
				}
				if status >= 200 && status < 300 {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	c := Capacity{PerSecond: float64(n.Load()) / time.Since(start).Seconds()}
	if cpu1 := machineCPU(); cpu0 > 0 && n.Load() > 0 {
		c.CPUPerRequest = (cpu1 - cpu0) / time.Duration(n.Load())
	}
	return c
}

// machineCPU is the CPU time all processes have used since boot (user,
// nice, system and interrupts; not idle, I/O wait or time stolen by the
// host), from /proc/stat, in its 1/100 s ticks; zero if unreadable.
func machineCPU() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7} { // user nice system irq softirq
		v, err := strconv.ParseInt(fields[i], 10, 64)
		if err != nil {
			return 0
		}
		ticks += v
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// send makes one request and reads the whole answer (status 0 when the
// request failed).
func send(ctx context.Context, client *http.Client, req *http.Request) (int, []byte) {
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// jsonRequest builds a JSON request with a bearer token.
func jsonRequest(method, url, token string, body any) *http.Request {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func pick[T any](xs []T) T { return xs[rand.IntN(len(xs))] }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
