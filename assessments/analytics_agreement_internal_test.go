package assessments

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// The agreement cache: with nothing cached, concurrent requests share one
// computation; within the freshness window nothing is asked of the
// database; when reviews came in, a request waits a moment for the
// recomputation and then gets the previous figures; once recomputed, the
// new figures are served without computing again.
func TestAgreementCacheServesStaleWhileRevalidating(t *testing.T) {
	var c agreementCache
	var gen atomic.Value
	gen.Store("1")
	var asked, computed atomic.Int32
	generation := func(context.Context) (string, error) { asked.Add(1); return gen.Load().(string), nil }
	started, release := make(chan struct{}, 4), make(chan struct{})
	compute := func(context.Context) (*AgreementFigures, string, error) {
		n := computed.Add(1)
		started <- struct{}{}
		<-release
		return &AgreementFigures{Overall: Alpha{Units: int(n)}}, gen.Load().(string), nil
	}
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	results := make(chan *AgreementFigures, 4)
	ask := func(at time.Time) {
		figs, err := c.figures(context.Background(), "fw", at, compute, generation)
		if err != nil {
			t.Error(err)
		}
		results <- figs
	}

	go ask(now)
	<-started
	go ask(now) // nothing cached: waits for the one computation
	time.Sleep(50 * time.Millisecond)
	release <- struct{}{}
	first, second := <-results, <-results
	if first == nil || first != second || computed.Load() != 1 {
		t.Fatalf("two requests on an empty cache: %p and %p, %d computations", first, second, computed.Load())
	}

	gen.Store("2")
	before := asked.Load()
	ask(now.Add(time.Second))
	if got := <-results; got != first || asked.Load() != before {
		t.Errorf("within the freshness window: %+v, generation asked %d times", got, asked.Load()-before)
	}

	later := now.Add(agreementFreshFor + time.Second)
	go ask(later)
	<-started
	if stale := <-results; stale != first {
		t.Errorf("during the recomputation got %+v, want the previous figures", stale)
	}
	release <- struct{}{}
	deadline := time.Now().Add(5 * time.Second)
	var fresh *AgreementFigures
	for fresh == nil || fresh == first {
		if time.Now().After(deadline) {
			t.Fatal("the recomputed figures never came")
		}
		time.Sleep(10 * time.Millisecond)
		ask(later.Add(agreementFreshFor + time.Second))
		fresh = <-results
	}
	if fresh.Overall.Units != 2 || computed.Load() != 2 {
		t.Errorf("recomputed figures %+v after %d computations", fresh, computed.Load())
	}
}
