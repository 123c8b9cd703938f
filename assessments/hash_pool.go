package assessments

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// hashPool bounds how many password hashes run at once. Each argon2id hash
// holds its whole memory cost while it runs; left unbounded, 40 concurrent
// wrong-password sign-ins held 2.5 GB. With one slot per core the hashes
// run as fast as the machine allows and memory stays at slots x cost.
// A caller waits at most wait for a slot; after that it gets a BusyError
// (503 with Retry-After) and nothing is computed.
type hashPool struct {
	slots chan struct{}
	wait  time.Duration
	// running and peak count hashes in progress, so tests can check the
	// bound without reading memory figures.
	running atomic.Int64
	peak    atomic.Int64
}

// newHashPool makes a pool of n slots (one per core when n < 1).
func newHashPool(n int, wait time.Duration) *hashPool {
	if n < 1 {
		n = runtime.NumCPU()
	}
	return &hashPool{slots: make(chan struct{}, n), wait: wait}
}

// run computes fn in a slot, waiting for one at most p.wait.
func (p *hashPool) run(ctx context.Context, fn func()) error {
	timer := time.NewTimer(p.wait)
	defer timer.Stop()
	select {
	case p.slots <- struct{}{}:
	case <-timer.C:
		return &BusyError{RetryAfter: max(p.wait, time.Second)}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	n := p.running.Add(1)
	defer p.running.Add(-1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			break
		}
	}
	fn()
	return nil
}

// hashPassword hashes a new password in the pool.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	var (
		hash string
		err  error
	)
	if perr := s.hashes.run(ctx, func() { hash, err = HashPassword(password, s.opts.Argon2) }); perr != nil {
		return "", perr
	}
	return hash, err
}

// verifyPassword checks a password against a stored hash in the pool.
func (s *Service) verifyPassword(ctx context.Context, password, hash string) (bool, error) {
	var ok bool
	err := s.hashes.run(ctx, func() { ok = VerifyPassword(password, hash) })
	return ok, err
}

// PeakConcurrentHashes is the most password hashes that ever ran at once
// in this service: the pool's bound, as tests and the load tool see it.
func (s *Service) PeakConcurrentHashes() int64 { return s.hashes.peak.Load() }

// HoldHashSlotForTest takes one hashing slot until release is called, so
// that tests can show what a sign-in meets when the pool is full.
func (s *Service) HoldHashSlotForTest() (release func()) {
	s.hashes.slots <- struct{}{}
	return func() { <-s.hashes.slots }
}
