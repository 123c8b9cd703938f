package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"sort"
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
	st := Stats{Name: k.Name, ByStatus: map[int]int64{}}
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
			resp, err := client.Do(req.WithContext(ctx))
			var body []byte
			if err == nil {
				body, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			lat := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				st.Errors++
				return
			}
			latencies = append(latencies, lat)
			st.ByStatus[resp.StatusCode]++
			if done != nil {
				done(resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	st.P50, st.P95, st.P99 = pct(0.50), pct(0.95), pct(0.99)
	st.Achieved = float64(len(latencies)) / elapsed.Seconds()
	return st
}

// ClosedLoop measures the most a handler gives with workers back to back,
// for the floor.
func ClosedLoop(ctx context.Context, client *http.Client, workers int, d time.Duration, mk func(i int64) *http.Request) float64 {
	var n, i atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				resp, err := client.Do(mk(i.Add(1)).WithContext(ctx))
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode < 300 {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
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

// MemorySampler records the peak heap and the process's peak resident
// memory while it runs.
type MemorySampler struct {
	stop     chan struct{}
	done     chan struct{}
	PeakHeap uint64
}

// StartMemorySampler samples every 100 ms until Stop.
func StartMemorySampler() *MemorySampler {
	m := &MemorySampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			m.PeakHeap = max(m.PeakHeap, ms.HeapInuse)
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// Stop ends sampling.
func (m *MemorySampler) Stop() { close(m.stop); <-m.done }

// PeakRSS is the process's high-water resident memory (VmHWM), in bytes.
func PeakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

func pick[T any](xs []T) T { return xs[rand.IntN(len(xs))] }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
