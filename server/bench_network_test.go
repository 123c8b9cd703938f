package server_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/server/servertest"
)

// BenchmarkNetworkAnalytics measures the network figures at 1,000
// hotlines × 3 cycles (PORTAL_BENCH_HOTLINES changes the size) through
// the whole HTTP stack with a secretariat token: GET /api/v1/me as the
// baseline, the API and the page answered from the cache, and the figures
// computed afresh (each request names another hotline, so the bounded
// cache never holds it). Each run reports its p99, the size of an answer
// and the process's CPU time per request (user + system), which a busy
// shared machine inflates less than the wall-clock figures.
func BenchmarkNetworkAnalytics(b *testing.B) {
	_, seeded, hotlines, get := benchNetwork(b)
	runs := []struct {
		name string
		path func(i int) string
	}{
		{"me_baseline", func(int) string { return "/api/v1/me" }},
		{"api_cached", func(int) string { return "/api/v1/analytics/network" }},
		{"page_cached", func(int) string { return "/network" }},
		{"api_uncached", func(i int) string {
			return "/api/v1/analytics/network?hotline_id=" + seeded.Hotlines[i%len(seeded.Hotlines)].ID
		}},
		{"page_uncached", func(i int) string {
			return "/network?hotline_id=" + seeded.Hotlines[(i+hotlines/2)%len(seeded.Hotlines)].ID
		}},
	}
	for _, run := range runs {
		b.Run(run.name, func(b *testing.B) { measureRequests(b, get, run.path, nil) })
	}
}

// benchNetwork is a test portal with 1,000 hotlines × 3 decided cycles
// (PORTAL_BENCH_HOTLINES changes the size), and a GET through the whole
// HTTP stack with a secretariat token that fails on anything but 200 and
// returns the answer's size.
func benchNetwork(b *testing.B, opts ...servertest.Options) (*servertest.App, *domaintest.NetworkSeeded, int, func(*testing.B, string) int) {
	hotlines := 1000
	if n, err := strconv.Atoi(os.Getenv("PORTAL_BENCH_HOTLINES")); err == nil && n > 0 {
		hotlines = n
	}
	app := servertest.New(b, opts...)
	start := time.Now()
	seeded := app.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: hotlines, Cycles: 3})
	b.Logf("seeded %d hotlines × 3 cycles in %s", hotlines, time.Since(start).Round(time.Millisecond))
	token := app.APIClient(servertest.Secretariat).Token
	h := app.Server.Handler()
	get := func(b *testing.B, path string) int {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
		return rec.Body.Len()
	}
	return app, seeded, hotlines, get
}

// measureRequests warms the path, then times b.N requests (before, when
// given, runs untimed ahead of each), reporting the p99, the size of an
// answer and the process's CPU time per request.
func measureRequests(b *testing.B, get func(*testing.B, string) int, path func(int) string, before func(int)) {
	get(b, path(0)) // warm: the cached runs start cached
	times := make([]time.Duration, 0, b.N)
	size := 0
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if before != nil {
			b.StopTimer()
			before(i)
			b.StartTimer()
		}
		cpu0, t0 := cpuTime(), time.Now()
		size = get(b, path(i+1))
		times = append(times, time.Since(t0))
		cpu += cpuTime() - cpu0
	}
	b.StopTimer()
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(size)/1024, "KB/resp")
}

// cpuTime is the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
