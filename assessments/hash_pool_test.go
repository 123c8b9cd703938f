package assessments

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestHashPoolBoundsWorkAndWaits(t *testing.T) {
	cases := []struct {
		name     string
		slots    int
		wait     time.Duration
		callers  int
		hold     time.Duration
		wantBusy bool
	}{
		{"everyone fits within the wait", 2, 5 * time.Second, 6, 5 * time.Millisecond, false},
		{"a burst past the wait is told to come back", 1, 20 * time.Millisecond, 12, 40 * time.Millisecond, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newHashPool(tc.slots, tc.wait)
			errs := make([]error, tc.callers)
			var wg sync.WaitGroup
			for i := range tc.callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = p.run(context.Background(), func() { time.Sleep(tc.hold) })
				}()
			}
			wg.Wait()
			if peak := p.peak.Load(); peak > int64(tc.slots) {
				t.Fatalf("%d ran at once, bound %d", peak, tc.slots)
			}
			busy := 0
			for _, err := range errs {
				var b *BusyError
				switch {
				case errors.As(err, &b):
					busy++
					if b.RetryAfter < time.Second {
						t.Errorf("retry after %s", b.RetryAfter)
					}
				case err != nil:
					t.Errorf("unexpected error %v", err)
				}
			}
			if (busy > 0) != tc.wantBusy {
				t.Fatalf("%d of %d told to come back", busy, tc.callers)
			}
		})
	}
}

func TestHashPoolGivesUpWithTheRequest(t *testing.T) {
	p := newHashPool(1, time.Minute)
	release := make(chan struct{})
	go p.run(context.Background(), func() { <-release })
	for p.running.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.run(ctx, func() { t.Error("ran after the request ended") }); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	close(release)
}

func TestNeedsRehash(t *testing.T) {
	cheap := Argon2Params{Memory: 1024, Time: 1, Threads: 1}
	hash, err := HashPassword("a long enough passphrase", cheap)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		hash    string
		current Argon2Params
		want    bool
	}{
		{"same parameters", hash, cheap, false},
		{"older parameters", hash, DefaultArgon2, true},
		{"not a hash", "plain", cheap, true},
	}
	for _, tc := range cases {
		if got := needsRehash(tc.hash, tc.current); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}
