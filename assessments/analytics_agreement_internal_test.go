package assessments

import (
	"context"
	"sync/atomic"
	"testing"
)

// While the figures are recomputed after new reviews, other requests get
// the previous figures at once; once computed, the new ones are served
// without computing again. With nothing cached yet, requests wait for the
// one computation instead of starting their own.
func TestAgreementCacheServesStaleWhileRevalidating(t *testing.T) {
	var c agreementCache
	var gen atomic.Value
	gen.Store("1")
	generation := func(context.Context) (string, error) { return gen.Load().(string), nil }
	var computed atomic.Int32
	started, release := make(chan struct{}, 4), make(chan struct{})
	compute := func(context.Context) (*AgreementFigures, string, error) {
		computed.Add(1)
		started <- struct{}{}
		<-release
		return &AgreementFigures{Overall: Alpha{Units: int(computed.Load())}}, gen.Load().(string), nil
	}
	results := make(chan *AgreementFigures, 4)
	ask := func() {
		figs, err := c.figures(context.Background(), "fw", compute, generation)
		if err != nil {
			t.Error(err)
		}
		results <- figs
	}

	go ask()
	<-started
	go ask() // nothing cached: waits for the first computation
	release <- struct{}{}
	first, second := <-results, <-results
	if first != second || computed.Load() != 1 {
		t.Fatalf("two requests on an empty cache: %p and %p, %d computations", first, second, computed.Load())
	}

	gen.Store("2")
	go ask()
	<-started
	ask() // the revalidation is running: the previous figures, at once
	if stale := <-results; stale != first {
		t.Errorf("during revalidation got %+v, want the previous figures", stale)
	}
	release <- struct{}{}
	fresh := <-results
	if fresh == first || fresh.Overall.Units != 2 {
		t.Errorf("revalidated figures %+v", fresh)
	}
	ask()
	if again := <-results; again != fresh || computed.Load() != 2 {
		t.Errorf("fresh figures recomputed: %d computations", computed.Load())
	}
}
