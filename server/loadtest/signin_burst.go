package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"hotlineportal/models"
)

// DefaultSigninBurst is how many sign-ins the burst sends at once.
const DefaultSigninBurst = 400

// burstResult is what a burst of concurrent sign-ins did to the first
// portal: the answers and their latency, against sign-ins sent one after
// another (the baseline), and the portal's memory before and at its peak.
type burstResult struct {
	Single, Burst   Stats
	RSSBefore, Peak uint64
	// NoRetryAfter counts 503 answers without Retry-After.
	NoRetryAfter int64
}

// runSigninBurst signs in n times at once on portal p, as a distributed
// attack would: each request from its own address (the portals trust the
// loopback proxy's X-Forwarded-For), three in four for accounts that do
// not exist (so every one of them costs a full hash, and no per-account
// limit stops them) and one in four with the right password of a real
// account. Before it, ten sign-ins one after another give the baseline.
func runSigninBurst(ctx context.Context, client *http.Client, p *portal, accounts []*models.User, n int) burstResult {
	var r burstResult
	single := make([]time.Duration, 0, 10)
	for i := range 10 {
		t0 := time.Now()
		if status, _ := send(ctx, client, signinRequest(p.Base, accounts[i%len(accounts)].Email, password, 1000+i)); status != http.StatusCreated {
			r.Single.ByStatus = map[int]int64{status: 1}
		}
		single = append(single, time.Since(t0))
	}
	r.Single = summarize("sign-in, one at a time", single, r.Single.ByStatus)
	r.RSSBefore = procStatus(p.statusFile(), "VmRSS:")
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies []time.Duration
		byStatus  = map[int]int64{}
		errors    int64
		start     = make(chan struct{})
	)
	for i := range n {
		req := signinRequest(p.Base, fmt.Sprintf("nobody%d@load.example", i), "a wrong password "+fmt.Sprint(i), i)
		if i%4 == 0 {
			req = signinRequest(p.Base, accounts[i%len(accounts)].Email, password, i)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			resp, err := client.Do(req.WithContext(ctx))
			lat := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errors++
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				r.NoRetryAfter++
			}
			byStatus[resp.StatusCode]++
			latencies = append(latencies, lat)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	r.Burst = summarize(fmt.Sprintf("sign-in, %d at once", n), latencies, byStatus)
	r.Burst.Sent, r.Burst.Errors = int64(n), errors
	r.Burst.Achieved = float64(len(latencies)) / time.Since(t0).Seconds()
	r.Peak = procStatus(p.statusFile(), "VmHWM:")
	return r
}

// signinRequest asks for an API token as if from the i-th address.
func signinRequest(base, email, pw string, i int) *http.Request {
	req := jsonRequest("POST", base+"/api/v1/tokens", "", map[string]string{"email": email, "password": pw})
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	return req
}

// summarize gives the percentiles of a set of latencies.
func summarize(name string, latencies []time.Duration, byStatus map[int]int64) Stats {
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	if byStatus == nil {
		byStatus = map[int]int64{}
	}
	return Stats{Name: name, ByStatus: byStatus, P50: pct(0.50), P95: pct(0.95), P99: pct(0.99)}
}

// problems lists what makes a burst fail: an answer other than a token,
// a refusal or "busy, come back", a 503 without Retry-After, or a
// baseline sign-in that did not succeed.
func (r burstResult) problems() []string {
	var out []string
	for status, count := range r.Burst.ByStatus {
		switch status {
		case http.StatusCreated, http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable:
		default:
			out = append(out, fmt.Sprintf("sign-in burst: %d answers %d", count, status))
		}
	}
	if r.Burst.Errors > 0 {
		out = append(out, fmt.Sprintf("sign-in burst: %d requests failed", r.Burst.Errors))
	}
	if r.NoRetryAfter > 0 {
		out = append(out, fmt.Sprintf("sign-in burst: %d answers 503 without Retry-After", r.NoRetryAfter))
	}
	for status := range r.Single.ByStatus {
		out = append(out, fmt.Sprintf("sign-in one at a time answered %d", status))
	}
	return out
}

// printBurst shows the burst's figures beside its baseline.
func printBurst(w io.Writer, r burstResult) {
	fmt.Fprintf(w, "%s: p50 %s, p99 %s, %s, %.0f/s\n", r.Burst.Name, ms(r.Burst.P50), ms(r.Burst.P99), statuses(r.Burst.ByStatus), r.Burst.Achieved)
	fmt.Fprintf(w, "%s: p50 %s (burst p99 is %.1f times that)\n", r.Single.Name, ms(r.Single.P50),
		float64(r.Burst.P99)/float64(max(r.Single.P50, time.Microsecond)))
	fmt.Fprintf(w, "portal RSS before the burst %d MB, peak after it %d MB (%.2f times)\n", r.RSSBefore>>20, r.Peak>>20,
		float64(r.Peak)/float64(max(r.RSSBefore, 1)))
}
